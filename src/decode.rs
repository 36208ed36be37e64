//! Decoding: bytes → text, the first stage of the pipeline.
//!
//! This module owns turning a file's bytes into a `String`: finding the character encoding
//! (byte-order mark, then UTF-8, then detection with `chardetng` for legacy encodings such as
//! GB18030/GBK), decoding with `encoding_rs`, stripping the byte-order mark, and refusing input
//! that is not text at all (empty files, binary data). It does not normalize punctuation,
//! whitespace or line endings and does not look at the text's structure: that is `normalize`'s
//! and `grammar`'s job. The text comes out exactly as the file spells it.
//!
//! The detection rule:
//! 1. zero bytes → [`DecodeError::Empty`];
//! 2. a byte-order mark (UTF-8, UTF-16LE, UTF-16BE) decides the encoding; the mark is dropped;
//! 3. valid UTF-8 is always UTF-8 (fast path, never second-guessed);
//! 4. otherwise NUL bytes mean binary data (or, if the bytes read as plausible UTF-16, a
//!    UTF-16 file without its byte-order mark, which is refused with its own message); input
//!    that is almost all valid UTF-8 (at most one malformed sequence per 50 non-ASCII
//!    characters, e.g. a file cut mid-character) is UTF-8 with replacement characters;
//! 5. otherwise, bytes that GB18030 reads cleanly as Chinese text are GB18030, whatever
//!    `chardetng` says (on a few words, such as a GBK `title: 讲话`, it guesses a Cyrillic
//!    code page); failing that, a GBK guess of `chardetng` is read as GB18030 (its superset)
//!    and a Big5 guess as Big5 when that reads as Chinese; any other guess would give
//!    mojibake for a Chinese speech, so the input is refused
//!    ([`DecodeError::UnsureEncoding`]), asking for UTF-8;
//! 6. whatever the encoding, text in which more than 5% of the characters are U+FFFD or C0
//!    controls other than tab, line feed, form feed and carriage return is binary data.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{DecoderResult, Encoding, BIG5, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};

/// Why bytes could not be read as text. Every variant is bad input.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    /// The file holds no bytes at all.
    #[error("the file is empty; give a text file with a speech in it")]
    Empty,
    /// The bytes are not text in any encoding this tool reads.
    #[error(
        "not a text file ({}); give a plain-text speech, UTF-8 or GB18030",
        where_binary(.offset)
    )]
    Binary {
        /// Byte offset of the first offending byte, when it can be pinned down.
        offset: Option<usize>,
    },
    /// The bytes look like UTF-16 text that lacks the byte-order mark saying so.
    #[error(
        "looks like {encoding} text without a byte-order mark; save the speech as UTF-8, \
         or as UTF-16 with a byte-order mark"
    )]
    Utf16WithoutBom {
        /// The UTF-16 flavour the bytes look like: `UTF-16LE` or `UTF-16BE`.
        encoding: &'static str,
    },
    /// The bytes are not UTF-8, and no encoding reads them as Chinese text: decoding them with
    /// the detector's guess could only give mojibake.
    #[error(
        "cannot tell the text's encoding: it is not UTF-8, and read as {guess} it is no \
         Chinese text; save the file as UTF-8"
    )]
    UnsureEncoding {
        /// The encoding `chardetng` guessed, as `encoding_rs` names it.
        guess: &'static str,
    },
}

/// Formats where binary data was found, for [`DecodeError::Binary`]'s message.
fn where_binary(offset: &Option<usize>) -> String {
    match offset {
        Some(offset) => format!("binary data at byte {offset}"),
        None => "binary data".to_owned(),
    }
}

/// Decoded text and the encoding it was read as.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, without a byte-order mark and otherwise untouched.
    pub text: String,
    /// The encoding's name as `encoding_rs` spells it: `UTF-8`, `gb18030`, `UTF-16LE`, ….
    pub encoding: &'static str,
}

/// Share of suspicious characters (U+FFFD, stray C0 controls) above which text is binary:
/// more than one in `SUSPICIOUS_ONE_IN` characters.
const SUSPICIOUS_ONE_IN: usize = 20;

/// Invalid UTF-8 is still read as UTF-8 when it has at least this many valid non-ASCII
/// characters per malformed sequence.
const UTF8_VALID_PER_ERROR: usize = 50;

/// How many leading bytes `chardetng` looks at.
const DETECT_PREFIX: usize = 256 * 1024;

/// Decodes a file's bytes into text; see the module documentation for the detection rule.
///
/// Never panics; valid UTF-8 costs one validation pass, one scan and one copy.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        if encoding == UTF_8 {
            if let Some(offset) = first_nul(&bytes[bom_len..]) {
                return Err(DecodeError::Binary {
                    offset: Some(offset + bom_len),
                });
            }
        }
        return decode_with(encoding, bytes, bom_len);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            if let Some(offset) = first_nul(bytes) {
                return Err(nul_error(bytes, offset));
            }
            check_text(text, || first_suspicious_utf8(text.as_bytes()))?;
            Ok(Decoded {
                text: text.to_owned(),
                encoding: UTF_8.name(),
            })
        }
        Err(_) => {
            if let Some(offset) = first_nul(bytes) {
                return Err(nul_error(bytes, offset));
            }
            let encoding = if mostly_utf8(bytes) {
                UTF_8
            } else {
                detect_legacy(bytes)?
            };
            decode_with(encoding, bytes, 0)
        }
    }
}

/// Decodes `bytes[skip..]` as `encoding` with replacement, then checks that it is text.
fn decode_with(
    encoding: &'static Encoding,
    bytes: &[u8],
    skip: usize,
) -> Result<Decoded, DecodeError> {
    let body = &bytes[skip..];
    let (text, _had_errors) = encoding.decode_without_bom_handling(body);
    check_text(&text, || {
        first_offending(encoding, body).map(|offset| offset + skip)
    })?;
    Ok(Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
    })
}

/// Picks a legacy encoding for bytes that are not UTF-8, preferring GB18030; refuses bytes
/// that no encoding reads as Chinese text.
fn detect_legacy(bytes: &[u8]) -> Result<&'static Encoding, DecodeError> {
    // Short Chinese texts fool the detector (a GBK `title: 讲话` is windows-1251 to it), and
    // this tool reads Chinese speeches: GB18030 that reads as common Chinese wins outright.
    if mostly_common_gb(bytes) && reads_as_chinese(GB18030, bytes) {
        return Ok(GB18030);
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    // The detector is slow (about 0.2 s per MB); a prefix is plenty. Not `last`: the prefix
    // may end mid-character.
    let prefix = &bytes[..bytes.len().min(DETECT_PREFIX)];
    detector.feed(prefix, prefix.len() == bytes.len());
    let guess = detector.guess(None, Utf8Detection::Deny);
    if guess == GBK || guess == GB18030 {
        // A GBK text with damage in it: read with replacement characters, which
        // `check_text` counts.
        return Ok(GB18030);
    }
    if guess == BIG5 && reads_as_chinese(BIG5, bytes) {
        return Ok(BIG5);
    }
    Err(DecodeError::UnsureEncoding {
        guess: guess.name(),
    })
}

/// Whether the first [`DETECT_PREFIX`] bytes decode in `encoding` without a malformed
/// sequence, to text whose non-ASCII characters are nearly all Chinese: at least nine in ten
/// are CJK ideographs or the punctuation and symbols Chinese text uses. (GB18030 also holds
/// Cyrillic, Greek and box drawing, which is what Latin or Cyrillic bytes decode to in it.)
fn reads_as_chinese(encoding: &'static Encoding, bytes: &[u8]) -> bool {
    let prefix = &bytes[..bytes.len().min(DETECT_PREFIX)];
    let last = prefix.len() == bytes.len();
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut chunk = String::with_capacity(8192);
    let (mut read_total, mut non_ascii, mut chinese) = (0usize, 0usize, 0usize);
    loop {
        chunk.clear();
        let (result, read) =
            decoder.decode_to_string_without_replacement(&prefix[read_total..], &mut chunk, last);
        read_total += read;
        for c in chunk.chars().filter(|c| !c.is_ascii()) {
            non_ascii += 1;
            chinese += usize::from(is_chinese(c));
        }
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull if read == 0 && chunk.is_empty() => break,
            DecoderResult::OutputFull => {}
            DecoderResult::Malformed(..) => return false,
        }
    }
    non_ascii > 0 && chinese.saturating_mul(10) >= non_ascii.saturating_mul(9)
}

/// Whether the two-byte sequences of GBK/GB18030 text in the first [`DETECT_PREFIX`] bytes
/// are nearly all (nine in ten) in the GB2312 rows, where both bytes are 0xA1 or more: the
/// characters Chinese text is written in. Latin text in a legacy code page (`Ça va très`)
/// reads in GBK as rare ideographs whose second byte is an ASCII letter; Big5 text puts
/// about half its second bytes below 0xA1. Four-byte GB18030 sequences count for neither.
fn mostly_common_gb(bytes: &[u8]) -> bool {
    let prefix = &bytes[..bytes.len().min(DETECT_PREFIX)];
    let (mut common, mut rare) = (0usize, 0usize);
    let mut i = 0;
    while i < prefix.len() {
        let lead = prefix[i];
        if lead < 0x80 {
            i += 1;
            continue;
        }
        match prefix.get(i + 1) {
            Some(0x30..=0x39) => i += 4,
            Some(&trail) => {
                if lead >= 0xA1 && trail >= 0xA1 {
                    common += 1;
                } else {
                    rare += 1;
                }
                i += 2;
            }
            None => break,
        }
    }
    common > 0 && common.saturating_mul(10) >= (common + rare).saturating_mul(9)
}

/// CJK ideographs and radicals, and the punctuation, numbers and symbols of Chinese text.
fn is_chinese(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{20000}'..='\u{3FFFF}'
        | '\u{F900}'..='\u{FAFF}' | '\u{2E80}'..='\u{2FDF}' | '\u{3000}'..='\u{303F}'
        | '\u{3100}'..='\u{312F}' | '\u{3200}'..='\u{33FF}' | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FFEF}' | '\u{2010}'..='\u{203B}' | '\u{2160}'..='\u{217F}'
        | '\u{2460}'..='\u{24FF}' | '\u{25A0}'..='\u{25FF}' | '\u{2605}' | '\u{2606}'
        | '\u{00B7}' | '\u{00D7}' | '\u{00F7}' | '\u{00B0}' | '\u{2103}' | '\u{20AC}')
}

/// Whether invalid UTF-8 is still plainly UTF-8 with a few damaged sequences.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut non_ascii, mut malformed) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        non_ascii += chunk.valid().bytes().filter(|&b| b >= 0xC0).count();
        if !chunk.invalid().is_empty() {
            malformed += 1;
        }
    }
    non_ascii >= malformed.saturating_mul(UTF8_VALID_PER_ERROR)
}

/// Position of the first NUL byte.
fn first_nul(bytes: &[u8]) -> Option<usize> {
    // `contains` on bytes is memchr-fast; only search for the position when there is one.
    if bytes.contains(&0) {
        bytes.iter().position(|&b| b == 0)
    } else {
        None
    }
}

/// The error for input with a NUL byte at `offset` (and no byte-order mark).
fn nul_error(bytes: &[u8], offset: usize) -> DecodeError {
    match looks_like_utf16(bytes) {
        Some(encoding) => DecodeError::Utf16WithoutBom {
            encoding: encoding.name(),
        },
        None => DecodeError::Binary {
            offset: Some(offset),
        },
    }
}

/// Whether bytes with NULs read as UTF-16 without a byte-order mark, and in which byte order.
///
/// A byte order qualifies when the bytes are strictly valid UTF-16 in it, pass
/// [`check_text`], and are at least 90% ASCII, CJK ideographs and CJK punctuation (random
/// data reads as about one third CJK and almost no ASCII). When both qualify (ASCII letters
/// byte-swapped land among the CJK ideographs), the side holding more NULs decides: ASCII in
/// UTF-16LE has its NUL second.
fn looks_like_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    match (
        plausible_utf16(UTF_16LE, bytes),
        plausible_utf16(UTF_16BE, bytes),
    ) {
        (true, false) => Some(UTF_16LE),
        (false, true) => Some(UTF_16BE),
        (false, false) => None,
        (true, true) => {
            let (mut even, mut odd) = (0usize, 0usize);
            for pair in bytes.chunks_exact(2) {
                even += usize::from(pair[0] == 0);
                odd += usize::from(pair[1] == 0);
            }
            Some(if odd >= even { UTF_16LE } else { UTF_16BE })
        }
    }
}

/// Whether `bytes` read as plausible text in `encoding` (UTF-16LE or UTF-16BE).
fn plausible_utf16(encoding: &'static Encoding, bytes: &[u8]) -> bool {
    let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(bytes) else {
        return false;
    };
    if check_text(&text, || None).is_err() {
        return false;
    }
    let (mut plausible, mut total) = (0usize, 0usize);
    for c in text.chars() {
        total += 1;
        plausible += usize::from(
            c.is_ascii()
                || ('\u{3000}'..='\u{303F}').contains(&c)
                || ('\u{4E00}'..='\u{9FFF}').contains(&c)
                || ('\u{FF00}'..='\u{FFEF}').contains(&c),
        );
    }
    plausible.saturating_mul(10) >= total.saturating_mul(9)
}

/// Whether a C0 control is one that does not belong in text (all but `\t \n \x0c \r`).
fn is_stray_control(b: u8) -> bool {
    b < 0x20 && !matches!(b, b'\t' | b'\n' | 0x0c | b'\r')
}

/// Refuses decoded text with too many U+FFFD or stray C0 controls; `offset` says where the
/// first offending byte of the input was, and is only called on refusal.
fn check_text(text: &str, offset: impl FnOnce() -> Option<usize>) -> Result<(), DecodeError> {
    // All work is on UTF-8 bytes: stray controls are single ASCII bytes, and characters are
    // the bytes that are not continuation bytes.
    let bytes = text.as_bytes();
    let controls = bytes.iter().filter(|&&b| is_stray_control(b)).count();
    let replacements = if bytes.contains(&0xEF) {
        text.matches('\u{FFFD}').count()
    } else {
        0
    };
    let suspicious = controls + replacements;
    if suspicious == 0 {
        return Ok(());
    }
    let chars = bytes.iter().filter(|&&b| (b as i8) >= -0x40).count();
    if suspicious.saturating_mul(SUSPICIOUS_ONE_IN) > chars {
        return Err(DecodeError::Binary { offset: offset() });
    }
    Ok(())
}

/// Offset of the first stray control or U+FFFD in valid UTF-8 `bytes`.
fn first_suspicious_utf8(bytes: &[u8]) -> Option<usize> {
    let control = bytes.iter().position(|&b| is_stray_control(b));
    let replacement = bytes.windows(3).position(|w| w == "\u{FFFD}".as_bytes());
    min_some(control, replacement)
}

/// Offset in `bytes` (encoded as `encoding`, without a byte-order mark) of the first byte
/// that is malformed or decodes to a stray control or U+FFFD.
fn first_offending(encoding: &'static Encoding, bytes: &[u8]) -> Option<usize> {
    if encoding == UTF_16LE || encoding == UTF_16BE {
        return first_offending_utf16(encoding == UTF_16LE, bytes);
    }
    if encoding == UTF_8 {
        let valid_up_to = match std::str::from_utf8(bytes) {
            Ok(_) => bytes.len(),
            Err(error) => error.valid_up_to(),
        };
        let before = first_suspicious_utf8(&bytes[..valid_up_to]);
        return before.or((valid_up_to < bytes.len()).then_some(valid_up_to));
    }
    // The other encodings this module decodes are ASCII-compatible, and their multi-byte
    // sequences never use bytes below 0x20, so a stray control is a byte of its own.
    let control = bytes.iter().position(|&b| is_stray_control(b));
    min_some(control, first_malformed(encoding, bytes))
}

/// Offset of the first malformed sequence of `bytes` in `encoding`.
fn first_malformed(encoding: &'static Encoding, bytes: &[u8]) -> Option<usize> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut buffer = [0u8; 8192];
    let mut read_total = 0usize;
    loop {
        let rest = bytes.get(read_total..)?;
        let (result, read, _written) =
            decoder.decode_to_utf8_without_replacement(rest, &mut buffer, true);
        read_total += read;
        match result {
            DecoderResult::InputEmpty => return None,
            DecoderResult::OutputFull if read == 0 => return None,
            DecoderResult::OutputFull => {}
            DecoderResult::Malformed(bad, extra) => {
                return Some(read_total.saturating_sub(usize::from(bad) + usize::from(extra)));
            }
        }
    }
}

/// Offset of the first UTF-16 code unit that is an unpaired surrogate, a stray control, a
/// U+FFFD, or a dangling odd byte.
fn first_offending_utf16(little_endian: bool, bytes: &[u8]) -> Option<usize> {
    let units = bytes.chunks_exact(2).map(|pair| {
        if little_endian {
            u16::from_le_bytes([pair[0], pair[1]])
        } else {
            u16::from_be_bytes([pair[0], pair[1]])
        }
    });
    let mut unit_index = 0usize;
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(c) if c == '\u{FFFD}' || (c < ' ' && is_stray_control(c as u8)) => {
                return Some(unit_index * 2);
            }
            Ok(c) => unit_index += c.len_utf16(),
            Err(_) => return Some(unit_index * 2),
        }
    }
    (bytes.len() % 2 == 1).then(|| bytes.len() - 1)
}

/// The smaller of two optional offsets.
fn min_some(a: Option<usize>, b: Option<usize>) -> Option<usize> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENTENCE: &str = "同志们：今天我们召开全市工作会议，主要任务是学习贯彻党的二十大精神，\
        部署下一阶段重点工作。下面，我讲三点意见。";

    /// A real seed speech, read at run time so that a missing `../shared` fails this test
    /// with a message instead of breaking the build of every test.
    fn long_text() -> String {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/corpus/raw/000_7a9d388fdbd5993d.txt"
        );
        std::fs::read_to_string(path).unwrap_or_else(|e| {
            panic!("{path}: {e}; the seed corpus lives in ../shared beside the project")
        })
    }

    fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
        let (bytes, used, unmappable) = encoding.encode(text);
        assert_eq!(used, encoding, "encoder fell back to another encoding");
        assert!(
            !unmappable,
            "test text has characters {} cannot encode",
            encoding.name()
        );
        bytes.into_owned()
    }

    fn utf16(text: &str, little_endian: bool, bom: bool) -> Vec<u8> {
        let mut bytes = Vec::new();
        if bom {
            bytes.extend_from_slice(if little_endian {
                &[0xFF, 0xFE]
            } else {
                &[0xFE, 0xFF]
            });
        }
        for unit in text.encode_utf16() {
            let pair = if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            };
            bytes.extend_from_slice(&pair);
        }
        bytes
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(SENTENCE.as_bytes());
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.text, SENTENCE);
        assert_eq!(decoded.encoding, "UTF-8");
    }

    #[test]
    fn utf8_passes_through_untouched() {
        let text = "一、总体要求\r\n\t（一）坚持稳中求进。  \n\x0c第二页\n";
        let decoded = decode(text.as_bytes()).unwrap();
        assert_eq!(decoded.text, text);
        assert_eq!(decoded.encoding, "UTF-8");
    }

    #[test]
    fn whitespace_only_is_text() {
        assert_eq!(decode(b" \n\t\r\n").unwrap().text, " \n\t\r\n");
    }

    #[test]
    fn valid_utf8_is_never_second_guessed() {
        // Bytes that are valid UTF-8 and also valid GB18030 stay UTF-8.
        let decoded = decode("é".as_bytes()).unwrap();
        assert_eq!(decoded.text, "é");
        assert_eq!(decoded.encoding, "UTF-8");
    }

    #[test]
    fn gbk_sentence_decodes_to_original() {
        let decoded = decode(&encode(GBK, SENTENCE)).unwrap();
        assert_eq!(decoded.text, SENTENCE);
        assert_eq!(decoded.encoding, "gb18030");
    }

    #[test]
    fn gb18030_sentence_decodes_to_original() {
        // 𠀀 and € need GB18030's four-byte and extended forms.
        let text = format!("{SENTENCE}𠀀€");
        let decoded = decode(&encode(GB18030, &text)).unwrap();
        assert_eq!(decoded.text, text);
        assert_eq!(decoded.encoding, "gb18030");
    }

    #[test]
    fn short_gbk_and_gb18030_texts_are_chinese_not_mojibake() {
        // Regression: a GBK `title: 讲话` was read as windows-1251 (`НВЛА`) and drafted.
        for text in [
            "title: 讲话",
            "讲话",
            "同志们：",
            "一、提高认识",
            "谢谢大家！",
            "在全市工作会议上的讲话",
            "title: 讲话\nsections:\n  - heading: 提高认识\n",
            "（一）坚持稳中求进。",
        ] {
            for encoding in [GBK, GB18030] {
                let decoded = decode(&encode(encoding, text))
                    .unwrap_or_else(|e| panic!("{text:?} in {}: {e}", encoding.name()));
                assert_eq!(decoded.text, text, "{}", encoding.name());
                assert_eq!(decoded.encoding, "gb18030");
            }
        }
        let text = "讲话𠀀";
        assert_eq!(decode(&encode(GB18030, text)).unwrap().text, text);
    }

    #[test]
    fn text_that_is_no_chinese_in_any_encoding_is_refused_asking_for_utf8() {
        let cyrillic = encode(encoding_rs::WINDOWS_1251, "Привет мир, как дела?");
        let latin = encode(encoding_rs::WINDOWS_1252, "Ça va très bien, merci.");
        for bytes in [cyrillic, latin] {
            match decode(&bytes) {
                Err(e @ DecodeError::UnsureEncoding { .. }) => {
                    assert!(e.to_string().ends_with("save the file as UTF-8"), "{e}")
                }
                other => panic!("expected UnsureEncoding, got {other:?}"),
            }
        }
    }

    #[test]
    fn big5_chinese_is_read_as_big5() {
        let text = "同志們：今天我們召開全市工作會議，主要任務是部署下一階段重點工作。".repeat(4);
        let decoded = decode(&encode(BIG5, &text)).unwrap();
        assert_eq!(decoded.text, text);
    }

    #[test]
    fn gbk_long_real_text_decodes_to_original() {
        let decoded = decode(&encode(GBK, &long_text())).unwrap();
        assert_eq!(decoded.encoding, "gb18030");
        assert!(
            decoded.text == long_text(),
            "GBK round trip changed the text"
        );
    }

    #[test]
    fn long_real_text_utf8_passes_through() {
        assert!(decode(long_text().as_bytes()).unwrap().text == long_text());
    }

    #[test]
    fn utf16le_with_bom() {
        let decoded = decode(&utf16(SENTENCE, true, true)).unwrap();
        assert_eq!(decoded.text, SENTENCE);
        assert_eq!(decoded.encoding, "UTF-16LE");
    }

    #[test]
    fn utf16be_with_bom() {
        let decoded = decode(&utf16("讲话 speech\n", false, true)).unwrap();
        assert_eq!(decoded.text, "讲话 speech\n");
        assert_eq!(decoded.encoding, "UTF-16BE");
    }

    #[test]
    fn empty_is_empty() {
        assert!(matches!(decode(b""), Err(DecodeError::Empty)));
    }

    #[test]
    fn bytes_with_nul_are_binary() {
        // A xorshift stream: deterministic, random-looking, with NULs.
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut bytes: Vec<u8> = (0..4096)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 32) as u8
            })
            .collect();
        bytes[0] = b'A'; // no byte-order mark
        bytes[1] = b'B';
        bytes[2] = b'C';
        bytes[100] = 0;
        let first_nul = bytes.iter().position(|&b| b == 0).unwrap();
        match decode(&bytes) {
            Err(DecodeError::Binary { offset }) => assert_eq!(offset, Some(first_nul)),
            other => panic!("expected Binary, got {other:?}"),
        }
    }

    #[test]
    fn nul_after_utf8_bom_is_binary() {
        match decode(b"\xEF\xBB\xBFspeech\0text") {
            Err(DecodeError::Binary { offset }) => assert_eq!(offset, Some(9)),
            other => panic!("expected Binary, got {other:?}"),
        }
    }

    #[test]
    fn binary_message_names_offset_and_remedy() {
        let message = decode(b"ab\0cd").unwrap_err().to_string();
        assert_eq!(
            message,
            "not a text file (binary data at byte 2); give a plain-text speech, UTF-8 or GB18030"
        );
    }

    #[test]
    fn control_heavy_utf8_is_binary() {
        let bytes = b"abc\x01\x02\x03defghij\x1b";
        match decode(bytes) {
            Err(DecodeError::Binary { offset }) => assert_eq!(offset, Some(3)),
            other => panic!("expected Binary, got {other:?}"),
        }
    }

    #[test]
    fn few_controls_are_tolerated() {
        let text = format!("{SENTENCE}\x1b{SENTENCE}");
        assert_eq!(decode(text.as_bytes()).unwrap().text, text);
    }

    #[test]
    fn truncated_utf8_stays_utf8() {
        let text = long_text();
        let bytes = &text.as_bytes()[..text.len() - 1];
        if std::str::from_utf8(bytes).is_ok() {
            return; // the file ends in ASCII; nothing to truncate
        }
        let decoded = decode(bytes).unwrap();
        assert_eq!(decoded.encoding, "UTF-8");
        assert!(decoded.text.ends_with('\u{FFFD}'));
    }

    #[test]
    fn random_bytes_without_nul_never_panic() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for len in [1usize, 2, 3, 7, 64, 1000, 65_537] {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                    ((state >> 33) as u8).max(1)
                })
                .collect();
            let _ = decode(&bytes);
            let mut with_bom = vec![0xFF, 0xFE];
            with_bom.extend_from_slice(&bytes);
            let _ = decode(&with_bom);
        }
    }

    #[test]
    fn utf16_without_bom_is_named() {
        let bytes = utf16("Speech text, no mark.\n", true, false);
        match decode(&bytes) {
            Err(DecodeError::Utf16WithoutBom { encoding }) => assert_eq!(encoding, "UTF-16LE"),
            other => panic!("expected Utf16WithoutBom, got {other:?}"),
        }
        for (little_endian, name) in [(true, "UTF-16LE"), (false, "UTF-16BE")] {
            match decode(&utf16(&long_text(), little_endian, false)) {
                Err(DecodeError::Utf16WithoutBom { encoding }) => assert_eq!(encoding, name),
                other => panic!("expected Utf16WithoutBom, got {other:?}"),
            }
        }
    }

    #[test]
    fn gbk_with_binary_junk_is_binary_at_first_bad_byte() {
        let mut bytes = encode(GBK, "讲话");
        bytes.extend_from_slice(&[0x01; 10]);
        match decode(&bytes) {
            Err(DecodeError::Binary { offset }) => assert_eq!(offset, Some(4)),
            other => panic!("expected Binary, got {other:?}"),
        }
    }
}
