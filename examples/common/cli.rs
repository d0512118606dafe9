//! What the examples' command lines share: parsing `--name value` options and flags, the
//! failures that end a run, and the exit codes of DESIGN §6 (0 success, 1 usage, 2 invalid
//! input, problems on stderr as `<json-pointer>: <message>`). Included by each example with
//! `#[path]`, since examples cannot depend on one another.

#![allow(dead_code, reason = "each example uses part of these helpers")]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use hrdd::Problems;

/// Why the program stops early, and so its exit code.
pub(crate) enum Failure {
    /// The command line is wrong: exit code 1.
    Usage(String),
    /// The input is wrong: exit code 2.
    Invalid(Problems),
    /// A file could not be read or written: exit code 2.
    Unreadable(String),
}

/// Reports how a run ended on stderr and gives its exit code; a usage error repeats `usage`.
pub(crate) fn exit_code(outcome: Result<(), Failure>, usage: &str) -> ExitCode {
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}\n{usage}");
            ExitCode::from(1)
        }
        Err(Failure::Invalid(problems)) => {
            for problem in &problems {
                eprintln!("{problem}");
            }
            ExitCode::from(2)
        }
        Err(Failure::Unreadable(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// The command line: positional arguments, `--name value` options and `--name` flags.
pub(crate) struct Command {
    pub(crate) positional: Vec<String>,
    pub(crate) options: BTreeMap<String, String>,
    pub(crate) flags: Vec<String>,
}

impl Command {
    /// Reads `args`: the options named in `with_value` take the next argument, those in
    /// `flags` none; any other `--name` is a usage error.
    pub(crate) fn parse(
        args: &[String],
        with_value: &[&str],
        flags: &[&str],
    ) -> Result<Command, Failure> {
        let mut command = Command {
            positional: Vec::new(),
            options: BTreeMap::new(),
            flags: Vec::new(),
        };
        let mut rest = args.iter();
        while let Some(arg) = rest.next() {
            if let Some(name) = arg.strip_prefix("--") {
                if with_value.contains(&name) {
                    let value = rest
                        .next()
                        .ok_or_else(|| Failure::Usage(format!("`--{name}` needs a value")))?;
                    command.options.insert(name.to_owned(), value.clone());
                } else if flags.contains(&name) {
                    command.flags.push(name.to_owned());
                } else {
                    return Err(Failure::Usage(format!("unknown option `{arg}`")));
                }
            } else {
                command.positional.push(arg.clone());
            }
        }
        Ok(command)
    }

    /// Whether the flag `--name` was given.
    pub(crate) fn has_flag(&self, name: &str) -> bool {
        self.flags.iter().any(|f| f == name)
    }
}

/// The text of the file at `path`.
pub(crate) fn read_file(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path)
        .map_err(|e| Failure::Unreadable(format!("cannot read `{}`: {e}", path.display())))
}
