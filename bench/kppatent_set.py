#!/usr/bin/env python3
"""Builds the KPPatent-ZH known-item set from ../shared/data/patents-abstracts.jsonl: every
record with gold keyphrases becomes a corpus document (title and abstract, NOT its keyphrases),
its keyphrases joined by spaces become a query, and the record itself is the one relevant
document (grade 1). Writes corpus.jsonl, queries.jsonl and qrels.tsv into OUT_DIR in the formats
of `search::eval` / `matching::eval`.

usage: python3 bench/kppatent_set.py OUT_DIR
"""
import json
import os
import sys

source = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "patents-abstracts.jsonl")
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
count = 0
with open(source, encoding="utf-8") as records, \
        open(os.path.join(out, "corpus.jsonl"), "w", encoding="utf-8") as corpus, \
        open(os.path.join(out, "queries.jsonl"), "w", encoding="utf-8") as queries, \
        open(os.path.join(out, "qrels.tsv"), "w", encoding="utf-8") as qrels:
    for line in records:
        record = json.loads(line)
        keyphrases = [phrase.strip() for phrase in record.get("keywords") or [] if phrase and phrase.strip()]
        if not keyphrases or not record.get("abstract"):
            continue
        doc_id = record["id"]
        corpus.write(json.dumps({"id": doc_id, "title": record.get("title") or "", "abstract": record["abstract"]},
                                ensure_ascii=False) + "\n")
        queries.write(json.dumps({"qid": f"q-{doc_id}", "text": " ".join(keyphrases)}, ensure_ascii=False) + "\n")
        qrels.write(f"q-{doc_id} 0 {doc_id} 1\n")
        count += 1
print(f"{count} KPPatent-ZH records with gold keyphrases -> {out}", file=sys.stderr)
