//! The user's query string: free Chinese text, quoted phrases (exact substrings), `field:value`
//! scoping and publication/application number lookup. Errors name what to change.

use catalog::model::number::{ApplicationNumber, PublicationNumber};

use crate::error::{Error, Result};

/// Longest accepted query, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// Most clauses in one query.
pub const MAX_CLAUSES: usize = 32;

/// Which text fields a clause searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    All,
    Title,
    Abstract,
    Claims,
    Keywords,
    /// Title, keywords and abstract: what matching retrieves on (claims repeat the abstract at
    /// length, cost the most postings and add little for matching a demand). Not a query prefix.
    Descriptive,
}

/// One part of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    /// Words, segmented by jieba; any may match, more matches rank higher.
    Text(Scope, String),
    /// An exact substring that must occur.
    Phrase(Scope, String),
    /// A publication number (`CN114081026A`) or application number.
    Number(String),
}

const FIELDS: [(&str, Scope); 4] =
    [("title", Scope::Title), ("abstract", Scope::Abstract), ("claims", Scope::Claims), ("keywords", Scope::Keywords)];

fn invalid(code: &'static str, message: impl Into<String>) -> Error {
    Error::InvalidQuery { field: "q", code, message: message.into() }
}

fn number_of(word: &str) -> Option<String> {
    if let Ok(number) = PublicationNumber::parse(word) {
        return Some(number.to_string());
    }
    ApplicationNumber::parse(word).ok().map(|number| number.as_str().to_string())
}

fn is_quote(character: char) -> bool {
    matches!(character, '"' | '“' | '”')
}

/// Splits the query into clauses.
pub fn parse(raw: &str) -> Result<Vec<Clause>> {
    let text = raw.trim();
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(invalid("query_too_long", format!("查询语句不能超过 {MAX_QUERY_CHARS} 个字符")));
    }
    if text.chars().filter(|character| is_quote(*character)).count() % 2 == 1 {
        return Err(invalid("unbalanced_quote", "引号不成对：短语请用一对英文双引号括起，例如 \"数据传输\""));
    }
    let mut clauses = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let (scope, after_scope) = scope_prefix(rest)?;
        rest = after_scope;
        if let Some(first) = rest.chars().next().filter(|character| is_quote(*character)) {
            let inner = &rest[first.len_utf8()..];
            let end = inner.find(is_quote).unwrap_or(inner.len());
            let phrase = inner[..end].trim();
            if !phrase.is_empty() {
                clauses.push(Clause::Phrase(scope, phrase.to_string()));
            }
            let closing = inner[end..].chars().next().map(char::len_utf8).unwrap_or(0);
            rest = &inner[end + closing..];
            continue;
        }
        let end = rest.find(|character: char| character.is_whitespace() || is_quote(character)).unwrap_or(rest.len());
        let word = &rest[..end];
        rest = &rest[end..];
        if word.is_empty() {
            continue;
        }
        match (scope, number_of(word)) {
            (Scope::All, Some(number)) => clauses.push(Clause::Number(number)),
            _ => clauses.push(Clause::Text(scope, word.to_string())),
        }
    }
    if clauses.len() > MAX_CLAUSES {
        return Err(invalid("too_many_clauses", format!("查询最多 {MAX_CLAUSES} 个词或短语")));
    }
    Ok(clauses)
}

/// Reads `name:` at the start of `text`. Only ASCII names count as field syntax, so Chinese text
/// with a colon is just text; an unknown name is an error rather than a silent literal.
fn scope_prefix(text: &str) -> Result<(Scope, &str)> {
    let name_length = text.find(|character: char| !(character.is_ascii_alphabetic() || character == '_')).unwrap_or(0);
    if name_length == 0 || !text[name_length..].starts_with(':') {
        return Ok((Scope::All, text));
    }
    let name = &text[..name_length];
    let Some((_, scope)) = FIELDS.iter().find(|(field, _)| *field == name) else {
        let known: Vec<&str> = FIELDS.iter().map(|(field, _)| *field).collect();
        return Err(invalid("unknown_field", format!("未知字段“{name}”，可用字段：{}", known.join("、"))));
    };
    Ok((*scope, &text[name_length + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_phrases_fields_and_numbers_are_told_apart() {
        let clauses = parse(r#"无人机 "数据传输" title:减震 abstract:"实时 分析" cn218751475u"#).unwrap();
        assert_eq!(
            clauses,
            [
                Clause::Text(Scope::All, "无人机".into()),
                Clause::Phrase(Scope::All, "数据传输".into()),
                Clause::Text(Scope::Title, "减震".into()),
                Clause::Phrase(Scope::Abstract, "实时 分析".into()),
                Clause::Number("CN218751475U".into()),
            ]
        );
        assert_eq!(parse("“冲压装置”").unwrap(), [Clause::Phrase(Scope::All, "冲压装置".into())]);
        assert_eq!(parse("温度：高").unwrap(), [Clause::Text(Scope::All, "温度：高".into())]);
    }

    #[test]
    fn malformed_queries_say_what_is_wrong() {
        let code = |query: &str| match parse(query) {
            Err(Error::InvalidQuery { code, .. }) => code,
            other => panic!("{query}: {other:?}"),
        };
        assert_eq!(code(r#"无人机 "数据"#), "unbalanced_quote");
        assert_eq!(code("owner:华为"), "unknown_field");
        assert_eq!(code(&"长".repeat(201)), "query_too_long");
        assert_eq!(code(&"词 ".repeat(40)), "too_many_clauses");
    }
}
