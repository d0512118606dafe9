//! Running the examples as a user would: each built once per test run (a no-op when it is up to
//! date; `cargo test` builds examples only when it runs every target, so a stale one is never
//! run), and the `<json-pointer>: <message>` form of the problem lines they print.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, OnceLock};

/// The binary of the example `name`, built on first use.
pub(super) fn built(name: &str) -> PathBuf {
    static BUILT: OnceLock<Mutex<BTreeMap<String, PathBuf>>> = OnceLock::new();
    let mut built = BUILT.get_or_init(Mutex::default).lock().unwrap();
    built
        .entry(name.to_owned())
        .or_insert_with(|| {
            let status = Command::new(env!("CARGO"))
                .args(["build", "--quiet", "--example", name])
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .status()
                .unwrap();
            assert!(status.success());
            let exe = std::env::current_exe().unwrap();
            let profile_dir = exe.parent().and_then(Path::parent).unwrap();
            profile_dir
                .join("examples")
                .join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
        })
        .clone()
}

/// Runs the example `name` with `args` from the crate's directory.
pub(super) fn run(name: &str, args: &[&str]) -> Output {
    Command::new(built(name))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

/// Whether `line` reads `<json-pointer>: <message>`.
pub(super) fn is_problem_line(line: &str) -> bool {
    let Some((pointer, message)) = line.split_once(": ") else {
        return false;
    };
    (pointer.is_empty() || pointer.starts_with('/')) && !message.is_empty()
}
