//! CSV exports → plain text: the speech is the text in a record's cells. A dataset of
//! speeches keeps one speech per record, with short fields (a date, an id, a title) beside
//! the long text: each record gives its longest cell, records one after another, and a short
//! cell that names a speech (`在…的讲话`) goes before it as its title line.

use crate::lexicon::han_count;

/// A cell with fewer Chinese characters than this is a field, not text.
const MIN_TEXT_HAN: usize = 50;

/// Reads CSV text: the text cells of every record, one record after another. Text that the
/// `csv` crate cannot read as records is returned as it is.
pub(super) fn extract(text: &str) -> String {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for record in reader.records() {
        let Ok(record) = record else {
            return text.to_owned();
        };
        let Some(longest) = record.iter().max_by_key(|c| han_count(c)) else {
            continue;
        };
        if han_count(longest) < MIN_TEXT_HAN {
            continue;
        }
        let mut lines = Vec::new();
        for cell in record.iter() {
            let cell = cell.trim();
            let titled = ["讲话", "致辞", "报告", "发言", "贺词"]
                .iter()
                .any(|w| cell.contains(w));
            if cell != longest && titled && cell.chars().count() <= 100 {
                lines.push(cell.to_owned());
            }
        }
        lines.push(longest.trim().to_owned());
        out.push(lines.join("\n"));
    }
    out.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_record_gives_its_text_cell_and_title() {
        let long = "同志们：今天召开会议，研究部署下一阶段工作。".repeat(3);
        let csv = format!(
            "Date,Title,Text\r\n2020-01-01,在XX会议上的讲话,\"{long}\"\r\n2020-01-02,短,{long}\r\n"
        );
        assert_eq!(extract(&csv), format!("在XX会议上的讲话\n{long}\n\n{long}"));
    }
}
