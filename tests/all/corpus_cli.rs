//! `pagewash clean` on record streams: WARC (gzip per record), WET and JSON Lines built
//! here, with damaged records among good ones. Every record read is in the output or in the
//! summary's counts, and the ordered output equals cleaning each page alone.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use flate2::write::GzEncoder;
use flate2::Compression;
use pagewash::{Hints, Pipeline};
use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pagewash"))
}

use crate::common::tempdir as temp;
use temp::TempDir;

fn tempdir(tag: &str) -> TempDir {
    temp::with_prefix(&format!("pagewash-corpus-{tag}-"))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The dev pages, as HTML bytes (CleanEval-zh: small, GBK).
fn pages() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dev/cleaneval_zh");
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    paths.sort();
    paths.iter().map(|p| fs::read(p).unwrap()).collect()
}

fn warc_record(kind: &str, url: &str, id: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n\
         WARC-Record-ID: <urn:uuid:{id}>\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn response(url: &str, id: &str, ct: &str, body: &[u8]) -> Vec<u8> {
    let mut http = format!("HTTP/1.1 200 OK\r\nContent-Type: {ct}\r\n\r\n").into_bytes();
    http.extend_from_slice(body);
    warc_record(
        "response",
        url,
        id,
        "application/http; msgtype=response",
        &http,
    )
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn jsonl(out: &[u8]) -> Vec<Value> {
    String::from_utf8(out.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn warc_records_come_out_in_order_equal_to_each_page_alone() {
    let dir = tempdir("warc");
    let pages = pages();
    let mut warc = gz(&warc_record(
        "warcinfo",
        "",
        "info",
        "application/warc-fields",
        b"x: y\r\n",
    ));
    for (n, page) in pages.iter().enumerate() {
        warc.extend(gz(&response(
            &format!("http://example.cn/{n}"),
            &n.to_string(),
            "text/html",
            page,
        )));
        if n == 3 {
            warc.extend(gz(&response(
                "http://example.cn/logo.png",
                "png",
                "image/png",
                b"\x89PNG",
            )));
        }
        if n == 5 {
            // A record whose Content-Length overshoots: its member ends first.
            let mut bad = warc_record(
                "response",
                "http://example.cn/bad",
                "bad",
                "application/http",
                b"HTTP/1.1 200 OK\r\n\r\nshort",
            );
            let at = bad
                .windows(16)
                .position(|w| w.starts_with(b"Content-Length: "))
                .unwrap();
            bad.splice(at + 16..at + 18, b"9999".iter().copied());
            warc.extend(gz(&bad));
        }
        if n == 7 {
            let member = gz(&response(
                "http://example.cn/cut",
                "cut",
                "text/html",
                b"<p>cut</p>",
            ));
            warc.extend_from_slice(&member[..member.len() / 2]); // a truncated gzip member
        }
    }
    let f = dir.join("crawl.warc.gz");
    fs::write(&f, &warc).unwrap();
    let stats = dir.join("stats.json");
    let out = bin()
        .args(["clean", "--threads", "2", "--stats"])
        .arg(&stats)
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a failed record is an exit 1: {}",
        stderr(&out)
    );
    let records = jsonl(&out.stdout);
    assert_eq!(records.len(), pages.len());
    let pipeline = Pipeline::default();
    for (n, (rec, page)) in records.iter().zip(&pages).enumerate() {
        assert_eq!(rec["url"], format!("http://example.cn/{n}"));
        assert_eq!(rec["warc_record_id"], format!("<urn:uuid:{n}>"));
        let alone = pipeline.clean(
            page,
            &Hints::new()
                .with_content_type("text/html")
                .with_url(format!("http://example.cn/{n}")),
        );
        assert_eq!(rec["text"], alone.text(), "record {n}");
    }
    let s: Value = serde_json::from_slice(&fs::read(&stats).unwrap()).unwrap();
    let read = s["records"].as_u64().unwrap();
    let (cleaned, skipped, failed) = (
        s["cleaned"].as_u64().unwrap(),
        s["skipped_total"].as_u64().unwrap(),
        s["failed_total"].as_u64().unwrap(),
    );
    assert_eq!(read, cleaned + skipped + failed, "{s}");
    assert_eq!(cleaned, pages.len() as u64);
    assert_eq!(s["skipped"]["not text (image/png)"], 1);
    assert_eq!(s["skipped"]["warc warcinfo"], 1);
    assert!(failed >= 2, "the overlong record and the cut member: {s}");
    let err = stderr(&out);
    assert!(err.contains("bad gzip member at byte"), "{err}");
}

#[test]
fn wet_and_jsonl_inputs_and_wet_output() {
    let dir = tempdir("wet");
    let text = "今天上午，市政府召开常务会议，研究部署进一步做好稳就业工作，会议指出要加大对中小企业的支持力度。";
    let mut wet = Vec::new();
    for n in 0..3 {
        let body = format!("首页\n新闻\n政务\n标题{n}\n{text}\n版权所有 某某网 京ICP备12345678号");
        wet.extend(warc_record(
            "conversion",
            &format!("http://a.cn/{n}"),
            &n.to_string(),
            "text/plain",
            body.as_bytes(),
        ));
    }
    let f = dir.join("x.warc.wet");
    fs::write(&f, &wet).unwrap();
    let out = bin()
        .args(["clean", "-q", "--format", "wet"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let got = String::from_utf8(out.stdout).unwrap();
    assert_eq!(got.matches("WARC-Type: conversion").count(), 3);
    assert!(got.contains("WARC-Target-URI: http://a.cn/2"));
    assert!(
        got.contains(&text.replace('，', ",")) && !got.contains("ICP"),
        "{got}"
    );

    let lines = format!(
        "{{\"url\": \"http://b.cn/1\", \"html\": \"<p>{text}</p>\"}}\nnot json\n{{\"id\": 7, \"text\": \"{text}\"}}\n"
    );
    // Named as JSON Lines, plain or gzip: one good line before the bad one is enough.
    for (name, bytes) in [
        ("pages.jsonl", lines.as_bytes().to_vec()),
        ("pages.jsonl.gz", gz(lines.as_bytes())),
    ] {
        let f = dir.join(name);
        fs::write(&f, bytes).unwrap();
        let out = bin().args(["clean", "-q"]).arg(&f).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{name}: the bad line fails");
        let records = jsonl(&out.stdout);
        assert_eq!(records.len(), 2, "{name}");
        assert_eq!(records[0]["id"], "http://b.cn/1");
        assert_eq!(records[1]["id"], "7");
    }
}

#[test]
fn directories_empty_files_and_out_dir() {
    let dir = tempdir("dirs");
    let inputs = dir.join("in/sub");
    fs::create_dir_all(&inputs).unwrap();
    fs::write(inputs.join("empty.warc"), b"").unwrap();
    let page = "<!DOCTYPE html><p>今天上午，市政府召开常务会议，研究部署进一步做好稳就业工作。</p>";
    fs::write(dir.join("in/page.html"), page).unwrap();
    fs::write(
        inputs.join("one.warc"),
        response(
            "http://c.cn/",
            "1",
            "text/html; charset=utf-8",
            page.as_bytes(),
        ),
    )
    .unwrap();
    let out = bin()
        .args(["clean", "-q", "--out-dir"])
        .arg(dir.join("out"))
        .arg(dir.join("in"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "the empty file gives no text: {}",
        stderr(&out)
    );
    let page_out = fs::read_to_string(dir.join("out/page.txt")).unwrap();
    assert!(page_out.starts_with("今天上午"));
    let warc_out = fs::read_to_string(dir.join("out/one.jsonl")).unwrap();
    assert_eq!(jsonl(warc_out.as_bytes()).len(), 1);
}

#[test]
fn many_page_files_are_cleaned_in_parallel_in_input_order() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dev/cleaneval_zh");
    let run = |threads: &str| {
        let out = bin()
            .args([
                "clean",
                "-q",
                "--format",
                "jsonl",
                "--input-format",
                "page",
                "--threads",
                threads,
            ])
            .arg(&dir)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        jsonl(&out.stdout)
    };
    let one = run("1");
    let two = run("2");
    assert_eq!(one.len(), 60, "30 pages and their 30 gold texts");
    assert_eq!(one, two);
    let sources: Vec<&str> = one.iter().map(|r| r["source"].as_str().unwrap()).collect();
    let mut sorted = sources.clone();
    sorted.sort_unstable();
    assert_eq!(sources, sorted, "input order");
}
