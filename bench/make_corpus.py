#!/usr/bin/env python3
"""Writes N patents as import JSONL, replicating the real records of ../shared/data with new
publication numbers (and varying nothing else), as the data README asks for benchmarks.

usage: make_corpus.py N OUT.jsonl [DATA_DIR] [--with-abstracts]
  --with-abstracts  replicate only the records that have both a title and an abstract
"""
import json
import sys
from pathlib import Path

KIND_BY_TYPE = {"发明": "A", "实用新型": "U", "外观设计": "S"}


def base_records(data_dir: Path, with_abstracts: bool):
    records = []
    for name in ("patents-titles.jsonl", "patents-abstracts.jsonl"):
        for line in open(data_dir / name, encoding="utf-8"):
            row = json.loads(line)
            if not row.get("title"):
                continue  # the catalog requires a title
            if with_abstracts and not row.get("abstract"):
                continue
            records.append(row)
    return records


def to_import_row(row, serial):
    kind = KIND_BY_TYPE.get(row.get("patent_type") or "", "A")
    out = {
        "publication_number": f"CN{serial:09d}{kind}",
        "title": row["title"],
        "source": row["source"],
    }
    if row.get("abstract"):
        out["abstract"] = row["abstract"]
    claims = row.get("claims_full") or row.get("claims")
    if claims:
        out["claims"] = claims
    if row.get("ipc"):
        out["ipc_codes"] = row["ipc"]
    if row.get("applicants"):
        out["applicants"] = row["applicants"]
    if row.get("patent_type"):
        out["patent_type"] = row["patent_type"]
    if row.get("keywords"):
        out["keywords"] = row["keywords"][:30]
    for field in ("application_date", "grant_date"):
        if row.get(field):
            out[field] = row[field]
    return out


def main():
    flags = [arg for arg in sys.argv[1:] if arg.startswith("--")]
    args = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    count, out_path = int(args[0]), Path(args[1])
    data_dir = Path(args[2]) if len(args) > 2 else Path(__file__).resolve().parents[2] / "shared" / "data"
    records = base_records(data_dir, "--with-abstracts" in flags)
    with open(out_path, "w", encoding="utf-8") as out:
        for serial in range(count):
            row = to_import_row(records[serial % len(records)], 100_000_000 + serial)
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{count} rows from {len(records)} real records -> {out_path}", file=sys.stderr)


if __name__ == "__main__":
    main()
