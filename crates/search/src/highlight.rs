//! Highlighted snippets: the query's words marked with `<em>` in a window of the stored text.
//!
//! Done here rather than with tantivy's snippet generator, which computes wrong offsets (and
//! panics in debug builds) when overlapping search-mode words straddle a fragment boundary.

use std::ops::Range;

/// Byte ranges where any of `words` occurs in `text` (ASCII case-insensitive), overlaps merged.
fn matches(text: &str, words: &[String]) -> Vec<Range<usize>> {
    let haystack = text.to_lowercase();
    // Lower-casing must keep byte offsets; if it does not (rare non-ASCII case changes), match as is.
    let haystack = if haystack.len() == text.len() { haystack } else { text.to_string() };
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for word in words.iter().filter(|word| !word.is_empty()) {
        let mut from = 0;
        while let Some(found) = haystack[from..].find(word.as_str()) {
            let start = from + found;
            ranges.push(start..start + word.len());
            from = start + word.len();
        }
    }
    ranges.sort_by_key(|range| range.start);
    let mut merged: Vec<Range<usize>> = Vec::new();
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Byte offset of the character `count` characters after (or before, when negative) `offset`.
fn shift(text: &str, offset: usize, count: isize) -> usize {
    if count >= 0 {
        text[offset..].char_indices().nth(count as usize).map(|(index, _)| offset + index).unwrap_or(text.len())
    } else {
        let back = count.unsigned_abs();
        text[..offset].char_indices().rev().nth(back - 1).map(|(index, _)| index).unwrap_or(0)
    }
}

/// A window of at most `max_chars` characters around the first match, with every match inside
/// it wrapped in `<em>` and the rest escaped; `None` when no word occurs.
pub fn highlight(text: &str, words: &[String], max_chars: usize) -> Option<String> {
    let ranges = matches(text, words);
    let first = ranges.first()?.start;
    let start = shift(text, first, -20);
    let end = shift(text, start, max_chars as isize);
    let mut html = String::new();
    if start > 0 {
        html.push('…');
    }
    let mut cursor = start;
    for range in ranges.iter().filter(|range| range.start >= start && range.start < end) {
        let range_end = range.end.min(end);
        html.push_str(&escape(&text[cursor..range.start]));
        html.push_str("<em>");
        html.push_str(&escape(&text[range.start..range_end]));
        html.push_str("</em>");
        cursor = range_end;
    }
    html.push_str(&escape(&text[cursor..end]));
    if end < text.len() {
        html.push('…');
    }
    Some(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|word| word.to_string()).collect()
    }

    #[test]
    fn overlapping_words_are_marked_once() {
        let html = highlight("一种无人机机载多功能盒", &words(&["无人", "无人机", "人机"]), 100).unwrap();
        assert_eq!(html, "一种<em>无人机</em>机载多功能盒");
    }

    #[test]
    fn long_text_is_cut_on_character_boundaries_around_the_first_match() {
        let text = format!("{}球墨铸铁件耐高温{}", "钢".repeat(50), "铁".repeat(200));
        let html = highlight(&text, &words(&["球墨铸铁", "铸铁", "耐高温"]), 40).unwrap();
        assert_eq!(html, format!("…{}<em>球墨铸铁</em>件<em>耐高温</em>{}…", "钢".repeat(20), "铁".repeat(12)));
    }

    #[test]
    fn markup_in_the_text_is_escaped_and_ascii_matches_ignore_case() {
        let html = highlight("<b>CPU</b> & 5G模块", &words(&["cpu", "5g"]), 100).unwrap();
        assert_eq!(html, "&lt;b&gt;<em>CPU</em>&lt;/b&gt; &amp; <em>5G</em>模块");
        assert_eq!(highlight("没有匹配", &words(&["无人机"]), 100), None);
    }
}
