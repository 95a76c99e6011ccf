//! `querygen CORPUS.jsonl COUNT [DICTIONARY]`: prints COUNT search queries of 2–4 words, each
//! drawn from the title of a different patent in an import JSONL (benchmarks use it).

use std::collections::HashSet;
use std::process::ExitCode;

use jieba_rs::Jieba;
use serde_json::Value;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [corpus, count, rest @ ..] = args.as_slice() else {
        eprintln!("usage: querygen CORPUS.jsonl COUNT [DICTIONARY]");
        return ExitCode::FAILURE;
    };
    let Ok(count) = count.parse::<usize>() else {
        eprintln!("querygen: COUNT must be a number");
        return ExitCode::FAILURE;
    };
    let mut jieba = Jieba::new();
    if let Some(path) = rest.first() {
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("querygen: cannot read {path}");
            return ExitCode::FAILURE;
        };
        if jieba.load_dict(&mut text.as_bytes()).is_err() {
            eprintln!("querygen: bad dictionary {path}");
            return ExitCode::FAILURE;
        }
    }
    let Ok(text) = std::fs::read_to_string(corpus) else {
        eprintln!("querygen: cannot read {corpus}");
        return ExitCode::FAILURE;
    };
    let mut seen_titles = HashSet::new();
    let mut printed = 0;
    for line in text.lines() {
        let Ok(record) = serde_json::from_str::<Value>(line) else { continue };
        let Some(title) = record["title"].as_str() else { continue };
        if !seen_titles.insert(title.to_string()) {
            continue;
        }
        let words: Vec<&str> = jieba
            .cut(title, true)
            .into_iter()
            .map(|token| token.word)
            .filter(|word| word.chars().count() >= 2 && word.chars().all(char::is_alphanumeric) && *word != "一种")
            .collect();
        let wanted = 2 + printed % 3;
        if words.len() < wanted {
            continue;
        }
        println!("{}", words[..wanted].join(" "));
        printed += 1;
        if printed == count {
            break;
        }
    }
    if printed < count {
        eprintln!("querygen: only {printed} queries could be drawn");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
