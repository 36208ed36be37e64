//! The input's lines: line ends (LF, CRLF, a lone CR), and a scraper's line counters
//! (`1、` `2、` … cutting words in half) taken off.

/// The input's lines as byte ranges, without their ends (LF, CRLF or a lone CR).
pub(super) fn lines(input: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = input.as_bytes();
    let (mut start, mut i) = (0, 0);
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let b = bytes[i];
            i += 1;
            if b == b'\n' || b == b'\r' {
                let line = (start, i - 1);
                if b == b'\r' && bytes.get(i) == Some(&b'\n') {
                    i += 1;
                }
                start = i;
                return Some(line);
            }
        }
        (start < bytes.len()).then(|| {
            let line = (start, bytes.len());
            start = bytes.len();
            line
        })
    })
}

/// A scraper's line counter: `12、` at the start of a line. Returns its byte length.
pub(super) fn line_counter(s: &str) -> Option<(usize, u64)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 6 || !s[digits..].starts_with('、') {
        return None;
    }
    Some((digits + '、'.len_utf8(), s[..digits].parse().ok()?))
}

/// When (nearly) every line starts with a counter 1、2、3、… the lines are one text cut at a
/// fixed width: strip the counters and join the lines without a separator. Returns the pieces
/// of that one line, or `None` when the lines are lines.
pub(super) fn counted_lines(input: &str) -> Option<Vec<(usize, usize)>> {
    let nonempty = || lines(input).filter(|&(s, e)| !input[s..e].trim().is_empty());
    let total = nonempty().count();
    if total < 3 {
        return None;
    }
    let mut sequential = 0;
    let mut expected = 1;
    for (s, e) in nonempty() {
        if let Some((_, n)) = line_counter(&input[s..e]) {
            if n == expected {
                sequential += 1;
                expected += 1;
            }
        }
    }
    if sequential < 3 || sequential * 10 < total * 8 {
        return None;
    }
    let mut joined = Vec::new();
    let mut expected = 1;
    for (s, e) in nonempty() {
        match line_counter(&input[s..e]) {
            Some((len, n)) if n == expected => {
                expected += 1;
                joined.push((s + len, e));
            }
            _ => joined.push((s, e)),
        }
    }
    Some(joined)
}
