; Recovery Register for Windows: a per-user installer made by makensis alone, so nothing is
; downloaded when it is built or when it runs on a prison PC. scripts/windows-installer.sh builds
; the programs and passes VERSION (x.y.z), PUBLISHER, SOURCE (the folder holding the built .exe
; files) and OUTFILE.
;
; Installs to %LOCALAPPDATA%\Programs\Recovery Register for the user running it (no administrator
; rights), with a Start-menu shortcut and an entry in Settings > Apps. The records are not here:
; they live in %LOCALAPPDATA%\org.recoveryregister.desktop, which the uninstaller leaves unless it
; is asked to remove them (the box on its page, or /REMOVERECORDS with /S).
;
; Exit codes with /S: 0 installed; 3 installed, but this PC lacks the WebView2 Runtime, so the app
; will not open until the PC's administrator installs it.

; A 64-bit installer for a 64-bit app: no 32-bit layer is needed to run it (nor, under Wine, to
; test it).
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "Sections.nsh"

!define PRODUCT "Recovery Register"
!define IDENTIFIER "org.recoveryregister.desktop"
!define APP_EXE "recovery-register-desktop.exe"
!define CLI_EXE "recovery-register.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${IDENTIFIER}"
; Microsoft's id for the Evergreen WebView2 Runtime, under EdgeUpdate\Clients.
!define WEBVIEW2 "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIFileVersion "${VERSION}.0"
VIAddVersionKey /LANG=1033 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1033 "FileDescription" "${PRODUCT} installer"
VIAddVersionKey /LANG=1033 "LegalCopyright" "${PUBLISHER}"

!define MUI_ICON "${SOURCE}\icon.ico"
!define MUI_UNICON "${SOURCE}\icon.ico"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TEXT "This installs ${PRODUCT} ${VERSION} for you on this PC. You do not need administrator rights.$\r$\n$\r$\nYour records are kept in your own local data folder, not with the program, and stay there if the program is removed."
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Open ${PRODUCT} now"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!define MUI_COMPONENTSPAGE_TEXT_TOP "The program is removed. Your records stay on this PC unless you tick the box below; a backup on a USB stick is not touched either way."
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Var WebView2Missing

; The runtime is per machine (HKLM, 64- or 32-bit view) or per user (HKCU); "0.0.0.0" or no
; version means it was removed.
Function FindWebView2
  StrCpy $WebView2Missing 1
  SetRegView 64
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2}" "pv"
  ${If} $0 == ""
    ReadRegStr $0 HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WEBVIEW2}" "pv"
  ${EndIf}
  ${If} $0 == ""
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2}" "pv"
  ${EndIf}
  ${If} $0 != ""
  ${AndIf} $0 != "0.0.0.0"
    StrCpy $WebView2Missing 0
  ${EndIf}
FunctionEnd

Function .onInit
  Call FindWebView2
  ${If} $WebView2Missing == 1
    MessageBox MB_OKCANCEL|MB_ICONEXCLAMATION "This PC does not have the Microsoft Edge WebView2 Runtime, which ${PRODUCT} needs to show its window.$\r$\n$\r$\nAsk the PC's administrator to install it: Microsoft's 'Evergreen Standalone Installer' for x64 can be brought on a USB stick, and needs no internet. Windows 11 and an updated Windows 10 already have it.$\r$\n$\r$\nInstall ${PRODUCT} now anyway? It will open once the runtime is installed." /SD IDOK IDOK +2
    Abort
  ${EndIf}
FunctionEnd

Section "${PRODUCT}" Program
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "${SOURCE}\${APP_EXE}"
  File "${SOURCE}\${CLI_EXE}"
  File "${SOURCE}\WebView2Loader.dll"
  File "${SOURCE}\icon.ico"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\icon.ico" 0

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\icon.ico"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0

  ${If} $WebView2Missing == 1
    DetailPrint "The WebView2 Runtime is missing: ${PRODUCT} opens once the PC's administrator installs it."
    SetErrorLevel 3
  ${EndIf}
SectionEnd

Section "un.${PRODUCT}" UnProgram
  SectionIn RO
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\icon.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd

; Off unless chosen: the records are special-category data, and removing the program must never
; take them by accident.
Section /o "un.Also remove my records from this PC (cannot be undone)" UnRecords
  RMDir /r "$LOCALAPPDATA\${IDENTIFIER}"
SectionEnd

Function un.onInit
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/REMOVERECORDS" $1
  ${IfNot} ${Errors}
    !insertmacro SelectSection ${UnRecords}
  ${EndIf}
FunctionEnd
