//! Acceptance tests over the built `speechgen` binary, one module per concern.
//!
//! - `corpus`: the seed corpus (`../shared/corpus/raw` + `expected`), checked with a Rust port of
//!   `../shared/tools/check_parse.py`.
//! - `wild`: the 23 wild texts: no panic, no page furniture, the structure a reader sees.
//! - `robust`: bad input, odd encodings, a very large file, YAML/JSON agreement.
//! - `props`: proptest properties over the library (`parse_str`, `parse_bytes`).
//! - `quality`: what drafts say: one field, bodies on their leads, placeholders, variety.
//! - `docx`: Word out (the GB/T 9704 layout, read back with an independent reader) and in.
//!
//! The fixtures live beside the project in `../shared/corpus`; a test that needs them and cannot
//! find them fails (see [`corpus_dir`]) rather than passing silently.

mod batch;
mod classes;
mod corpus;
mod docx;
mod draft;
mod fuzz;
mod hardening;
mod input;
mod mine;
mod mine_hardening;
mod parse_keep;
mod props;
mod quality;
mod robust;
mod templates;
mod wild;
mod wild2;

use std::ffi::{OsStr, OsString};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How long one run of the binary may take before the test kills it and fails. Generous,
/// because tests run the debug build; the 50 MB test sets its own budget.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// The exit code of a Rust program that panicked.
const PANIC_EXIT_CODE: i32 = 101;

/// The project root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The shared seed corpus, `../shared/corpus` relative to the project root.
///
/// Panics when it is missing: the acceptance tests must fail, not skip, without their fixtures.
pub fn corpus_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !dir.is_dir() {
        panic!(
            "../shared/corpus is missing: the acceptance fixtures live beside the project; \
             clone shared/ next to it (looked for {})",
            dir.display()
        );
    }
    dir
}

/// One run of the `speechgen` binary, built up step by step and checked when it finishes
/// (after just's `tests/test.rs`).
#[must_use]
pub struct Test {
    args: Vec<OsString>,
    stdin: Option<Vec<u8>>,
    stdout_contains: Vec<String>,
    stderr_contains: Vec<String>,
    timeout: Duration,
}

/// What one run of the binary produced.
#[derive(Debug)]
pub struct Output {
    /// The exit code; `None` when a signal ended the process.
    pub code: Option<i32>,
    /// Standard output, as bytes.
    pub stdout_bytes: Vec<u8>,
    /// Standard output, lossily decoded.
    pub stdout: String,
    /// Standard error, lossily decoded.
    pub stderr: String,
    /// How long the run took.
    pub elapsed: Duration,
}

impl Default for Test {
    fn default() -> Self {
        Self::new()
    }
}

impl Test {
    /// A run with no arguments yet.
    pub fn new() -> Self {
        Test {
            args: Vec::new(),
            stdin: None,
            stdout_contains: Vec::new(),
            stderr_contains: Vec::new(),
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// Adds one argument.
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    /// Adds several arguments.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    /// Feeds these bytes to standard input (otherwise stdin is empty).
    pub fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Self {
        self.stdin = Some(bytes.into());
        self
    }

    /// Requires standard output to contain this text.
    pub fn stdout_contains(mut self, text: impl Into<String>) -> Self {
        self.stdout_contains.push(text.into());
        self
    }

    /// Requires standard error to contain this text.
    pub fn stderr_contains(mut self, text: impl Into<String>) -> Self {
        self.stderr_contains.push(text.into());
        self
    }

    /// Kills the process and fails when a run takes longer than this.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Runs the binary and checks that it did not panic and did not time out; the exit code is
    /// left to the caller. The `*_contains` expectations are checked too.
    pub fn run(self) -> Output {
        let output = self.spawn();
        let what = self.describe();
        assert_ne!(
            output.code,
            Some(PANIC_EXIT_CODE),
            "{what} panicked (exit code 101)\n--- stderr ---\n{}",
            output.stderr
        );
        assert!(
            !output.stderr.contains("panicked at"),
            "{what} panicked\n--- stderr ---\n{}",
            output.stderr
        );
        assert!(
            output.code.is_some(),
            "{what} was killed by a signal\n--- stderr ---\n{}",
            output.stderr
        );
        let mut missing = Vec::new();
        for text in &self.stdout_contains {
            if !output.stdout.contains(text.as_str()) {
                missing.push(format!("stdout does not contain {text:?}"));
            }
        }
        for text in &self.stderr_contains {
            if !output.stderr.contains(text.as_str()) {
                missing.push(format!("stderr does not contain {text:?}"));
            }
        }
        assert!(
            missing.is_empty(),
            "{what}: {}\n--- stdout (first 2000 chars) ---\n{}\n--- stderr ---\n{}",
            missing.join("; "),
            truncate(&output.stdout, 2000),
            output.stderr
        );
        output
    }

    /// Runs the binary and requires this exit code (and everything [`Test::run`] requires).
    pub fn status(self, code: i32) -> Output {
        let what = self.describe();
        let output = self.run();
        assert_eq!(
            output.code,
            Some(code),
            "{what}: exit code {:?}, expected {code}\n--- stdout (first 2000 chars) ---\n{}\n--- stderr ---\n{}",
            output.code,
            truncate(&output.stdout, 2000),
            output.stderr
        );
        output
    }

    /// Runs the binary and requires exit code 0.
    pub fn success(self) -> Output {
        self.status(0)
    }

    fn describe(&self) -> String {
        let args: Vec<String> = self
            .args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        format!("`speechgen {}`", args.join(" "))
    }

    fn spawn(&self) -> Output {
        let start = Instant::now();
        let mut child = Command::new(env!("CARGO_BIN_EXE_speechgen"))
            .args(&self.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", env!("CARGO_BIN_EXE_speechgen")));

        // Feed stdin and drain both pipes on their own threads so that no pipe fills up.
        let mut stdin = child.stdin.take().expect("stdin is piped");
        let input = self.stdin.clone().unwrap_or_default();
        let writer = std::thread::spawn(move || {
            // The binary may exit without reading stdin: a broken pipe is fine here.
            let _ = stdin.write_all(&input);
        });
        let mut stdout = child.stdout.take().expect("stdout is piped");
        let out_reader = std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = stdout.read_to_end(&mut buf);
            buf
        });
        let mut stderr = child.stderr.take().expect("stderr is piped");
        let err_reader = std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = stderr.read_to_end(&mut buf);
            buf
        });

        let status = loop {
            if let Some(status) = child.try_wait().expect("waiting for speechgen") {
                break status;
            }
            if start.elapsed() > self.timeout {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "{} did not finish within {:?}: killed",
                    self.describe(),
                    self.timeout
                );
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let _ = writer.join();
        let stdout_bytes = out_reader.join().expect("stdout reader");
        let stderr_bytes = err_reader.join().expect("stderr reader");
        Output {
            code: status.code(),
            stdout: String::from_utf8_lossy(&stdout_bytes).into_owned(),
            stdout_bytes,
            stderr: String::from_utf8_lossy(&stderr_bytes).into_owned(),
            elapsed: start.elapsed(),
        }
    }
}

impl Output {
    /// Standard output as JSON; fails the test with the output shown when it is not JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.stdout_bytes).unwrap_or_else(|e| {
            panic!(
                "output is not valid JSON ({e})\n--- stdout (first 2000 chars) ---\n{}",
                truncate(&self.stdout, 2000)
            )
        })
    }
}

/// Runs `speechgen parse --format json FILE`, requires success and returns the JSON.
pub fn parse_json(path: &Path) -> serde_json::Value {
    Test::new()
        .args(["parse", "--format", "json"])
        .arg(path)
        .success()
        .json()
}

/// A fresh, empty folder under the system temp folder, removed again when dropped.
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    /// Creates `speechgen-test-<name>-<pid>-<n>` under [`std::env::temp_dir`].
    pub fn new(name: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("speechgen-test-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", path.display()));
        TempDir { path }
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes a file into the folder and returns its path.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path.join(name);
        std::fs::write(&path, bytes)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// The first `max` characters of `s` (not bytes: the text is Chinese).
pub fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// Every string value in a JSON tree (object values and array items, never keys), in order.
pub fn all_strings(value: &serde_json::Value) -> Vec<&str> {
    fn walk<'a>(value: &'a serde_json::Value, out: &mut Vec<&'a str>) {
        match value {
            serde_json::Value::String(s) => out.push(s),
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            serde_json::Value::Object(map) => map.values().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut out);
    out
}

/// The seed texts (`raw/*.txt`) by stem, in name order.
pub fn seed_files() -> Vec<PathBuf> {
    let raw = corpus_dir().join("raw");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&raw)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", raw.display()))
        .map(|entry| entry.expect("reading raw/").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no seed texts in {}: the corpus is incomplete",
        raw.display()
    );
    files
}
