//! Diagnostics: every error the user sees, in one shape and rendered in one place.
//!
//! This module owns [`Diagnostic`] (file, line, column, message, hint, and the source line
//! for a caret) and [`Error`], the one error type the commands return, with its
//! [`Error::exit_code`]. Outline, rules, template, decoding and parse errors all become a
//! `Diagnostic`; the snippet with its caret is drawn by `annotate-snippets`, which measures
//! Chinese characters as two terminal columns (unicode-width). Lines and columns are 1-based,
//! columns counted in characters, as editors show them.

use std::fmt;

/// One thing wrong with the user's input (or with the run), and what to do about it. Its
/// [`Details`] are boxed, so a `Result` carrying it stays small; read and set them as fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic(Box<Details>);

/// What a [`Diagnostic`] says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Details {
    /// The file it is about: a path, `standard input`, or `built-in NAME` for an embedded file.
    pub file: Option<String>,
    /// 1-based line, when known.
    pub line: Option<u64>,
    /// 1-based column in characters, when known.
    pub column: Option<u64>,
    /// How many characters from the column are wrong (at least one is marked).
    pub width: usize,
    /// What is wrong: lowercase, concise, no trailing period.
    pub message: String,
    /// What to do instead, when there is something to say.
    pub hint: Option<String>,
    /// The text of the line, so the caret can be drawn under the column.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with a message and nothing else yet.
    pub fn new(message: impl Into<String>) -> Diagnostic {
        Diagnostic(Box::new(Details {
            file: None,
            line: None,
            column: None,
            width: 1,
            message: message.into(),
            hint: None,
            source_line: None,
        }))
    }

    /// The same, at a line and column.
    pub fn at(mut self, line: u64, column: u64) -> Diagnostic {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// The same, marking `width` characters from the column.
    pub fn wide(mut self, width: usize) -> Diagnostic {
        self.width = width.max(1);
        self
    }

    /// The same, with a hint on what to do.
    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// The same, about a file; `text` is the file's text, from which the line under the caret
    /// is taken. A file already named is kept (an error inside an included file stays there).
    pub fn in_file(mut self, file: &str, text: &str) -> Diagnostic {
        if self.file.is_none() {
            self.file = Some(file.to_owned());
            if let Some(line) = self.line {
                self.source_line = text
                    .lines()
                    .nth(line.saturating_sub(1) as usize)
                    .map(str::to_owned);
            }
        }
        self
    }

    /// The same with the message prefixed, e.g. `cannot read outline x.yaml: `.
    pub fn context(mut self, prefix: impl fmt::Display) -> Diagnostic {
        self.message = format!("{prefix}: {}", self.message);
        self
    }
}

impl std::ops::Deref for Diagnostic {
    type Target = Details;
    fn deref(&self) -> &Details {
        &self.0
    }
}

impl std::ops::DerefMut for Diagnostic {
    fn deref_mut(&mut self) -> &mut Details {
        &mut self.0
    }
}

/// Lines longer than this are shown cut around the caret.
const MAX_SHOWN_CHARS: usize = 160;

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
        let title = Level::ERROR.primary_title(self.message.as_str());
        let mut group = Group::with_title(title);
        let shown;
        match (&self.file, self.line, &self.source_line) {
            (file, Some(line), Some(source)) => {
                let column = self.column.unwrap_or(1).max(1) as usize;
                // Keep the line short: cut it to a window around the column.
                let chars: Vec<char> = source.chars().collect();
                let skip = column
                    .saturating_sub(MAX_SHOWN_CHARS / 2)
                    .min(chars.len().saturating_sub(1));
                let skip = if chars.len() <= MAX_SHOWN_CHARS {
                    0
                } else {
                    skip
                };
                shown = chars
                    .iter()
                    .skip(skip)
                    .take(MAX_SHOWN_CHARS)
                    .collect::<String>();
                let start_char = (column - 1).saturating_sub(skip);
                let start = byte_at(&shown, start_char);
                let end = byte_at(&shown, start_char + self.width).max(start);
                let mut snippet = Snippet::source(shown.as_str())
                    .line_start(line as usize)
                    .annotation(AnnotationKind::Primary.span(start..end));
                if let Some(file) = file {
                    snippet = snippet.path(file.as_str());
                }
                group = group.element(snippet);
            }
            (Some(file), line, _) => {
                let mut origin = Origin::path(file.as_str());
                if let Some(line) = line {
                    origin = origin.line(line as usize);
                    if let Some(column) = self.column {
                        origin = origin.char_column(column as usize);
                    }
                }
                group = group.element(origin);
            }
            (None, _, _) => {}
        }
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        let rendered = Renderer::plain().render(&[group]);
        f.write_str(rendered.trim_end())
    }
}

/// The byte offset of the `n`th character (the end when there are fewer).
fn byte_at(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

impl std::error::Error for Diagnostic {}

/// What a command can end in. Each carries a [`Diagnostic`] except a closed pipe.
#[derive(Debug)]
pub enum Error {
    /// The user's input or usage is wrong (a bad outline, a missing file): exit 2.
    Input(Diagnostic),
    /// Something failed that the input did not cause (a full disk, a failed write): exit 1.
    Failure(Diagnostic),
    /// Standard output was closed by its reader (`… | head`): not a failure, exit 0.
    Closed,
}

impl Error {
    /// Bad input, from a message.
    pub fn input(message: impl Into<String>) -> Error {
        Error::Input(Diagnostic::new(message))
    }

    /// A failure of an I/O operation on `path` (`what` says what was being done, e.g.
    /// `cannot read outline`). Missing files, folders and permissions are the input's fault
    /// (exit 2); a closed pipe is [`Error::Closed`]; anything else (a full disk) exit 1.
    pub fn io(what: &str, path: &std::path::Path, err: &std::io::Error) -> Error {
        use std::io::ErrorKind as K;
        let reason = match err.kind() {
            K::NotFound => "no such file or folder".to_owned(),
            K::PermissionDenied => "permission denied".to_owned(),
            K::IsADirectory => "it is a folder, not a file".to_owned(),
            K::NotADirectory => "a part of the path is not a folder".to_owned(),
            K::StorageFull => "the disk is full".to_owned(),
            _ => err.to_string(),
        };
        let d = Diagnostic::new(format!("{what} {}: {reason}", path.display()));
        match err.kind() {
            K::BrokenPipe => Error::Closed,
            K::NotFound
            | K::PermissionDenied
            | K::IsADirectory
            | K::NotADirectory
            | K::InvalidData
            | K::AlreadyExists
            | K::InvalidFilename => Error::Input(d),
            _ => Error::Failure(d),
        }
    }

    /// The process's exit code: 0 for a closed pipe, 1 for a failure, 2 for bad input.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Closed => 0,
            Error::Failure(_) => 1,
            Error::Input(_) => 2,
        }
    }

    /// The diagnostic, if any.
    pub fn diagnostic(&self) -> Option<&Diagnostic> {
        match self {
            Error::Input(d) | Error::Failure(d) => Some(d),
            Error::Closed => None,
        }
    }

    /// The same error with its message prefixed.
    pub fn context(self, prefix: impl fmt::Display) -> Error {
        match self {
            Error::Input(d) => Error::Input(d.context(prefix)),
            Error::Failure(d) => Error::Failure(d.context(prefix)),
            Error::Closed => Error::Closed,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input(d) | Error::Failure(d) => d.fmt(f),
            Error::Closed => f.write_str("standard output was closed"),
        }
    }
}

impl std::error::Error for Error {}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Error {
        Error::Input(d)
    }
}

/// A YAML error from serde-saphyr as the user should read it: its message in plain words,
/// where it is, how wide, and what to write instead. `text` is the YAML that was read.
pub fn yaml(err: &serde_saphyr::Error, text: &str) -> Diagnostic {
    let raw = err
        .without_snippet()
        .render_with_formatter(&serde_saphyr::UserMessageFormatter);
    let message = match raw.rfind(" at line ") {
        Some(i) => raw[..i].to_owned(),
        None => raw,
    };
    let mut d = Diagnostic::new(message.clone());
    let mut key = None;
    if let Some(loc) = err.location().filter(|l| l.line() > 0) {
        d = d
            .at(loc.line(), loc.column().max(1))
            .wide(loc.span().len() as usize);
        key = text
            .lines()
            .nth(loc.line().saturating_sub(1) as usize)
            .and_then(|l| key_before(l, loc.column()));
    }
    let key_named = key
        .as_deref()
        .map_or_else(|| "this value".to_owned(), |k| format!("`{k}:`"));
    if message.starts_with("expected sequence") {
        d.message = format!("{key_named} takes a list");
        d.hint = Some(match key.as_deref() {
            Some("sections") => {
                "write each section on its own line starting with `- heading: `".into()
            }
            Some("points") => {
                "write one point per line starting with `- `, or all on one line as [甲, 乙]".into()
            }
            _ => {
                "write one item per line starting with `- `, or all on one line as [甲, 乙]".into()
            }
        });
    } else if message.starts_with("expected string") {
        d.message = format!("{key_named} takes text");
        d.hint =
            Some("write the text after the colon on the same line, not a list or a map".into());
    } else if message.starts_with("expected mapping") || message.starts_with("expected map") {
        d.message = format!("{key_named} takes fields");
        d.hint = Some("write `name: value` pairs on the lines below it, indented".into());
    } else if message.starts_with("invalid u") || message.starts_with("invalid i") {
        d.message = format!("{key_named} takes a whole number");
        d.hint = Some("write digits only, like 3000".into());
    } else if let Some(rest) = message.strip_prefix("duplicate mapping key ") {
        let name = rest.split('`').nth(1).unwrap_or(rest);
        d.message = format!("`{name}` is given twice");
        d.hint = Some("keep one of them".into());
    } else if let Some(rest) = message.strip_prefix("unknown field ") {
        let (name, known) = rest.split_once(", expected one of ").unwrap_or((rest, ""));
        d.message = format!("unknown field {name}");
        if !known.is_empty() {
            d.hint = Some(format!("the fields here are {known}"));
        }
    } else if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (name, known) = rest.split_once(", expected one of ").unwrap_or((rest, ""));
        d.message = format!("{key_named} cannot be {name}");
        if !known.is_empty() {
            d.hint = Some(format!("use one of {known}"));
        }
    } else if let Some(rest) = message.strip_prefix("missing field ") {
        d.message = format!("missing field {rest}");
        d.hint = Some("add it".into());
    } else if message.contains("unclosed quote") {
        d.hint = Some("close the quote, or write the text without quotes".into());
    } else if message.contains("limits breached") || message.contains("budget breached") {
        d.message = "the file is too large once its aliases (`*name`) are expanded, or nests \
                     too deeply"
            .into();
        d.hint = Some("write it out in full, without `&anchors` and `*aliases`".into());
    }
    d
}

/// The mapping key written before `column` on a YAML line (`    points: 强化` → `points`).
fn key_before(line: &str, column: u64) -> Option<String> {
    let before: String = line
        .chars()
        .take(column.saturating_sub(1) as usize)
        .collect();
    let before = before.trim_end().strip_suffix(':')?;
    let key = before.rsplit([' ', '-', '{', ',']).next()?.trim();
    (!key.is_empty()).then(|| key.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caret_goes_under_the_column_counting_chinese_as_two() {
        let d = Diagnostic::new("unknown style `甲是`")
            .at(2, 12)
            .wide(2)
            .hint("use one of 一是, 一要")
            .in_file("o.yaml", "title: 讲话\n    style: 甲是\n");
        let text = d.to_string();
        assert!(text.starts_with("error: unknown style `甲是`"), "{text}");
        assert!(text.contains("o.yaml:2:12"), "{text}");
        let lines: Vec<&str> = text.lines().collect();
        let source = lines
            .iter()
            .position(|l| l.contains("style: 甲是"))
            .unwrap();
        let caret = lines[source + 1];
        let bar = lines[source].find('|').unwrap();
        // `    style: ` is 11 columns; the caret spans the two wide characters (4 columns).
        assert_eq!(
            &caret[bar + 2..],
            format!("{}^^^^", " ".repeat(11)),
            "{text}"
        );
        assert!(text.contains("help: use one of 一是, 一要"), "{text}");
    }

    #[test]
    fn without_a_source_line_the_location_is_still_named() {
        let mut d = Diagnostic::new("bad");
        d.file = Some("t.tera".into());
        d.line = Some(3);
        d.column = Some(4);
        assert!(d.to_string().contains("t.tera:3:4"), "{d}");
    }

    #[test]
    fn a_very_long_line_is_shown_around_the_caret() {
        let line = format!("{}错{}", "甲".repeat(1000), "乙".repeat(1000));
        let d = Diagnostic::new("here").at(1, 1001).in_file("f", &line);
        let text = d.to_string();
        assert!(text.contains('错') && text.len() < 2000, "{text}");
    }

    fn yaml_error<T: for<'de> serde::Deserialize<'de>>(text: &str) -> Diagnostic {
        yaml(
            &serde_saphyr::from_str::<T>(text).err().expect("an error"),
            text,
        )
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: Option<String>,
        points: Option<Vec<String>>,
        length: Option<u64>,
    }

    #[test]
    fn yaml_jargon_becomes_what_to_write() {
        let d = yaml_error::<Doc>("title: 讲话\npoints: 强化\n");
        assert_eq!(d.message, "`points:` takes a list");
        assert_eq!((d.line, d.column), (Some(2), Some(9)));
        assert!(d.hint.as_ref().unwrap().contains("- "));
        let d = yaml_error::<Doc>("title: a\ntitle: b\n");
        assert_eq!(d.message, "`title` is given twice");
        assert!(!d.to_string().contains("DuplicateKeyPolicy"));
        let d = yaml_error::<Doc>("length: 很长\n");
        assert_eq!(d.message, "`length:` takes a whole number");
        assert_eq!(d.width, 2);
        let d = yaml_error::<Doc>("titel: a\n");
        assert_eq!(d.message, "unknown field `titel`");
        assert!(d.hint.as_ref().unwrap().contains("title, points, length"));
        let d = yaml_error::<Doc>("title: [a]\n");
        assert_eq!(d.message, "`title:` takes text");
    }

    #[test]
    fn io_errors_get_the_exit_code_of_whose_fault_they_are() {
        let p = std::path::Path::new("x");
        let e = |k| Error::io("cannot read", p, &std::io::Error::from(k)).exit_code();
        assert_eq!(e(std::io::ErrorKind::NotFound), 2);
        assert_eq!(e(std::io::ErrorKind::StorageFull), 1);
        assert_eq!(e(std::io::ErrorKind::BrokenPipe), 0);
    }
}
