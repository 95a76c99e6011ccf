//! Tokenizers registered on every index open: jieba search-mode words for ranking, and single
//! characters for exact phrase matching.

use std::sync::Arc;

use jieba_rs::{Jieba, TokenizeMode};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Name under which the word tokenizer is registered.
pub const WORDS: &str = "kaixu_words";
/// Name under which the character tokenizer is registered.
pub const CHARS: &str = "kaixu_chars";

/// Builds the segmenter: jieba's default dictionary plus the domain dictionary (one entry per
/// line: `word [frequency] [tag]`, the jieba format).
pub fn segmenter(user_dictionary: Option<&str>) -> Result<Jieba, jieba_rs::Error> {
    let mut jieba = Jieba::new();
    if let Some(text) = user_dictionary {
        jieba.load_dict(&mut text.as_bytes())?;
    }
    Ok(jieba)
}

fn is_word(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// jieba in search mode (long words also yield their sub-words), ASCII lower-cased,
/// punctuation and spaces dropped.
#[derive(Clone)]
pub struct WordTokenizer {
    jieba: Arc<Jieba>,
}

impl WordTokenizer {
    pub fn new(jieba: Arc<Jieba>) -> Self {
        Self { jieba }
    }

    /// The query words of `text`: for each word of jieba's default cut, its search-mode sub-words
    /// followed by the whole word (last), lower-cased; punctuation dropped.
    pub fn word_groups(&self, text: &str) -> Vec<Vec<String>> {
        let mut groups = Vec::new();
        for token in self.jieba.cut(text, true) {
            if !is_word(token.word) {
                continue;
            }
            let whole = token.word.to_lowercase();
            let mut group: Vec<String> = self.words(token.word).into_iter().filter(|word| *word != whole).collect();
            group.push(whole);
            groups.push(group);
        }
        groups
    }

    /// The segmenter, for key-term extraction.
    pub fn jieba(&self) -> &Jieba {
        &self.jieba
    }

    /// The words of `text` as the index sees them, for queries and tests.
    pub fn words(&self, text: &str) -> Vec<String> {
        let mut tokenizer = self.clone();
        let mut stream = tokenizer.token_stream(text);
        let mut words = Vec::new();
        while let Some(token) = stream.next() {
            words.push(token.text.clone());
        }
        words
    }
}

impl std::fmt::Debug for WordTokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WordTokenizer")
    }
}

/// Tokens computed up front; jieba returns them as a list anyway.
#[derive(Debug)]
pub struct VecTokenStream {
    tokens: Vec<Token>,
    index: usize,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        if self.index < self.tokens.len() {
            self.index += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.index - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.index - 1]
    }
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let tokens = self
            .jieba
            .tokenize(text, TokenizeMode::Search, true)
            .into_iter()
            .filter(|token| is_word(token.word))
            .enumerate()
            .map(|(position, token)| Token {
                offset_from: token.byte_start,
                offset_to: token.byte_end,
                position,
                text: token.word.to_lowercase(),
                position_length: 1,
            })
            .collect();
        VecTokenStream { tokens, index: 0 }
    }
}

/// One token per CJK character, one per run of ASCII letters or digits; positions follow the
/// text, so a phrase query over these tokens is an exact substring match.
#[derive(Clone, Debug, Default)]
pub struct CharTokenizer;

/// The character tokens of `text`: (byte start, byte end, lower-cased text).
pub fn char_tokens(text: &str) -> Vec<(usize, usize, String)> {
    let mut tokens = Vec::new();
    let mut run_start: Option<usize> = None;
    for (offset, character) in text.char_indices() {
        if character.is_ascii_alphanumeric() {
            run_start.get_or_insert(offset);
            continue;
        }
        if let Some(start) = run_start.take() {
            tokens.push((start, offset, text[start..offset].to_ascii_lowercase()));
        }
        if character.is_alphanumeric() {
            let end = offset + character.len_utf8();
            tokens.push((offset, end, character.to_lowercase().collect()));
        }
    }
    if let Some(start) = run_start {
        tokens.push((start, text.len(), text[start..].to_ascii_lowercase()));
    }
    tokens
}

impl Tokenizer for CharTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let tokens = char_tokens(text)
            .into_iter()
            .enumerate()
            .map(|(position, (offset_from, offset_to, text))| Token {
                offset_from,
                offset_to,
                position,
                text,
                position_length: 1,
            })
            .collect();
        VecTokenStream { tokens, index: 0 }
    }
}
