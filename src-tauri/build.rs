fn main() {
    // tauri.conf.json lives at the workspace root, not in src-tauri/.
    tauri_build::try_build(tauri_build::Attributes::new().config_path("../tauri.conf.json")).expect("tauri-build");
}
