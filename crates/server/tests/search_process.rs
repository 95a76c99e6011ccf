//! The search index across process deaths and rebuilds, with the real `kaixu` binary on SQLite.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::{kaixu, register_university, workspace};
use serde_json::Value;

/// A data directory with a university and the 3,000 demo patents in the catalog (not yet indexed).
async fn catalog_with_sample() -> (tempfile::TempDir, u64) {
    let data_dir = tempfile::tempdir().unwrap();
    assert!(kaixu(data_dir.path()).arg("migrate").status().unwrap().success());
    register_university(data_dir.path(), "进程测试大学", "tto@process.example.cn").await;
    let sample = workspace().join("data/demo/patents.jsonl");
    let output =
        kaixu(data_dir.path()).args(["import", sample.to_str().unwrap(), "--org", "进程测试大学"]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let rows = std::fs::read_to_string(sample).unwrap().lines().count() as u64;
    (data_dir, rows)
}

/// Starts `kaixu serve` and returns it with its port (read from its start-up line).
fn serve(data_dir: &Path, envs: &[(&str, &str)]) -> (Child, u16) {
    let mut command = kaixu(data_dir);
    command.arg("serve").env("KAIXU__SERVER__PORT", "0").stdout(Stdio::piped()).stderr(Stdio::null());
    for (key, value) in envs {
        command.env(key, value);
    }
    let mut child = command.spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let port = loop {
        let line = lines.next().expect("kaixu printed its address").unwrap();
        if let Some(rest) = line.split("listening on http://127.0.0.1:").nth(1) {
            break rest.split_whitespace().next().unwrap().parse().unwrap();
        }
    };
    (child, port)
}

async fn health(client: &reqwest::Client, port: u16) -> Value {
    client.get(format!("http://127.0.0.1:{port}/healthz")).send().await.unwrap().json().await.unwrap()
}

async fn search_total(client: &reqwest::Client, port: u16, query: &[(&str, &str)]) -> (u16, u64) {
    let response =
        client.get(format!("http://127.0.0.1:{port}/api/v1/search/patents")).query(query).send().await.unwrap();
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    (status, body["total"].as_u64().unwrap_or(0))
}

/// Polls until `condition` holds for the health document (bounded).
async fn wait_until(client: &reqwest::Client, port: u16, what: &str, condition: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let status = health(client, port).await;
        if condition(&status) {
            return status;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}: {status}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test]
async fn a_server_killed_while_indexing_resumes_and_indexes_every_patent_exactly_once() {
    let (data_dir, rows) = catalog_with_sample().await;
    let client = reqwest::Client::new();

    // Small batches: many commits, so the kill lands between them.
    let (mut first, port) = serve(data_dir.path(), &[("KAIXU__SEARCH__BATCH_SIZE", "10")]);
    let seen = wait_until(&client, port, "indexing to start", |status| {
        status["search"]["applied_seq"].as_i64().unwrap_or(0) > 0
    })
    .await;
    first.kill().unwrap();
    first.wait().unwrap();
    let applied_at_kill = seen["search"]["applied_seq"].as_u64().unwrap();
    assert!(applied_at_kill < rows, "the kill must land mid-indexing ({applied_at_kill} of {rows} applied)");

    let (mut second, port) = serve(data_dir.path(), &[]);
    let status = wait_until(&client, port, "the index to catch up", |status| {
        status["search"]["applied_seq"].as_u64() == Some(rows)
    })
    .await;
    assert_eq!(status["search"]["documents"], rows, "every patent indexed exactly once: {status}");
    assert_eq!(search_total(&client, port, &[]).await, (200, rows));
    assert_eq!(search_total(&client, port, &[("q", "CN114081026A")]).await, (200, 1));
    second.kill().unwrap();
    second.wait().unwrap();
}

#[tokio::test]
async fn reindex_swaps_in_a_fresh_index_while_searches_keep_working() {
    let (data_dir, rows) = catalog_with_sample().await;
    let client = reqwest::Client::new();
    let (mut server, port) = serve(data_dir.path(), &[]);
    let before =
        wait_until(&client, port, "the first index", |status| status["search"]["applied_seq"].as_u64() == Some(rows))
            .await;
    let old_generation = before["search"]["generation"].as_str().unwrap().to_string();

    let searching = {
        let client = client.clone();
        tokio::spawn(async move {
            let mut answers = Vec::new();
            let deadline = Instant::now() + Duration::from_secs(120);
            loop {
                let answer = search_total(&client, port, &[("q", "装置")]).await;
                answers.push(answer);
                let status = health(&client, port).await;
                if status["search"]["generation"] != Value::String(old_generation.clone()) || Instant::now() > deadline
                {
                    return (answers, status);
                }
            }
        })
    };
    let output = kaixu(data_dir.path()).arg("reindex").output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let printed = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(printed.contains(&format!("search index rebuilt: {rows} patents")), "{printed}");

    let (answers, after) = searching.await.unwrap();
    assert_ne!(after["search"]["generation"], Value::String(before["search"]["generation"].as_str().unwrap().into()));
    let expected = answers[0];
    assert_eq!(expected.0, 200);
    assert!(expected.1 > 0);
    assert!(
        answers.iter().all(|answer| *answer == expected),
        "every search during the rebuild answered the same: {answers:?}"
    );
    let status =
        wait_until(&client, port, "the swapped index", |status| status["search"]["documents"].as_u64() == Some(rows))
            .await;
    assert_eq!(status["search"]["applied_seq"].as_u64(), Some(rows));
    assert_eq!(search_total(&client, port, &[("q", "装置")]).await, expected);
    server.kill().unwrap();
    server.wait().unwrap();
}
