//! CSV for Excel: UTF-8 with a byte-order mark (Excel reads BOM-less UTF-8 as the local code
//! page and garbles Chinese), CRLF line ends, RFC 4180 quoting.

/// A finished CSV document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Csv {
    /// Suggested file name, ASCII (e.g. `kaixu-kpis-2025-01-01-2025-12-31.csv`).
    pub file_name: String,
    pub text: String,
    /// Rows left out because the export reached its row limit.
    pub truncated: bool,
}

/// Builds a CSV document one row at a time.
#[derive(Debug)]
pub struct CsvWriter {
    text: String,
}

impl CsvWriter {
    pub fn new(headers: &[&str]) -> Self {
        let mut writer = Self { text: String::from('\u{feff}') };
        writer.row(headers.iter().copied());
        writer
    }

    pub fn row<I, S>(&mut self, fields: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for (index, field) in fields.into_iter().enumerate() {
            if index > 0 {
                self.text.push(',');
            }
            push_field(&mut self.text, field.as_ref());
        }
        self.text.push_str("\r\n");
    }

    pub fn finish(self, file_name: String, truncated: bool) -> Csv {
        Csv { file_name, text: self.text, truncated }
    }
}

fn push_field(out: &mut String, field: &str) {
    // A leading = + - @ would make Excel evaluate the cell as a formula; a quote prefix keeps it text.
    let formula = field.starts_with(['=', '+', '@']) || (field.starts_with('-') && field.parse::<i64>().is_err());
    let needs_quotes = formula || field.contains([',', '"', '\r', '\n']);
    if !needs_quotes {
        out.push_str(field);
        return;
    }
    out.push('"');
    if formula {
        out.push('\'');
    }
    out.push_str(&field.replace('"', "\"\""));
    out.push('"');
}

/// An optional number as a cell: empty when absent.
pub fn cell<T: ToString>(value: Option<T>) -> String {
    value.map(|value| value.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_with_a_bom_and_quotes_what_needs_it() {
        let mut writer = CsvWriter::new(&["名称", "金额（分）"]);
        writer.row(["清华大学, 北京", "100"]);
        writer.row(["说\"好\"的", "-5"]);
        writer.row(["=HYPERLINK(\"x\")", ""]);
        let csv = writer.finish("x.csv".into(), false);
        assert_eq!(
            csv.text,
            "\u{feff}名称,金额（分）\r\n\"清华大学, 北京\",100\r\n\"说\"\"好\"\"的\",-5\r\n\"'=HYPERLINK(\"\"x\"\")\",\r\n"
        );
    }
}
