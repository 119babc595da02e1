/* A test fixture for Wine, never shipped: Rust's std on Windows takes its random numbers from
 * ProcessPrng in bcryptprimitives.dll, which Wine 8.0 lacks. This DLL, put in the test prefix's
 * system32, answers it from BCryptGenRandom (which Wine has). Built by scripts/test-windows.sh
 * with MinGW: x86_64-w64-mingw32-gcc -shared -o bcryptprimitives.dll bcryptprimitives.c -lbcrypt */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    return BCryptGenRandom(NULL, data, (ULONG)len, BCRYPT_USE_SYSTEM_PREFERRED_RNG) >= 0;
}
