//! The written notice of acceptance (Patent Law Art. 51) and the recordation proof pack.

use chrono::NaiveDate;
use serde::Serialize;

use super::license::{License, Obligation, Payment};
use super::money::yuan;

/// What the notice names.
#[derive(Debug, Clone, Copy)]
pub struct NoticeFacts<'a> {
    pub license_id: &'a str,
    pub licensor_name: &'a str,
    pub licensee_name: &'a str,
    pub patent_type_label: &'a str,
    pub patent_title: &'a str,
    pub publication_number: &'a str,
    pub offer_id: &'a str,
    pub offer_version: u32,
    pub offer_published_on: NaiveDate,
    pub payment_text: &'a str,
    pub other_matters: Option<&'a str>,
    pub effective_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub recordation_due_on: NaiveDate,
}

/// Renders the licensee's written notice to the patentee.
pub fn notice_text(facts: &NoticeFacts<'_>) -> String {
    let other = facts.other_matters.unwrap_or("无");
    format!(
        "开放许可实施通知书\n\
         \n\
         {licensor}（专利权人）：\n\
         本单位{licensee}已知悉贵方就{kind}专利“{title}”（公开号 {number}）发布的开放许可声明（第 {version} 版，声明编号 {offer}，发布日期 {published}），\
         现依据《中华人民共和国专利法》第五十一条书面通知贵方：本单位接受该声明的全部条件，按照声明的许可使用费支付方式和标准支付许可使用费，\
         自 {effective} 起获得该专利的普通实施许可（非独占）。\n\
         许可使用费支付方式和标准：{payment}\n\
         许可期限：{effective} 至 {ends}\n\
         其他事项：{other}\n\
         双方应自许可生效之日起三个月内（{due} 前）向国务院专利行政部门办理开放许可实施合同备案。\n\
         \n\
         被许可人：{licensee}\n\
         通知日期：{effective}\n\
         许可编号：{license}\n",
        licensor = facts.licensor_name,
        licensee = facts.licensee_name,
        kind = facts.patent_type_label,
        title = facts.patent_title,
        number = facts.publication_number,
        version = facts.offer_version,
        offer = facts.offer_id,
        published = facts.offer_published_on,
        effective = facts.effective_on,
        payment = facts.payment_text,
        ends = facts.ends_on,
        other = other,
        due = facts.recordation_due_on,
        license = facts.license_id,
    )
}

/// What a party files with CNIPA to record the license: the notice, the terms and the payments.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordationProof {
    pub license: License,
    pub obligations: Vec<Obligation>,
    pub payments: Vec<Payment>,
    pub generated_on: NaiveDate,
}

fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

impl RecordationProof {
    /// A printable page (zh-CN) with the same content as the JSON.
    pub fn html(&self) -> String {
        let license = &self.license;
        let mut rows = String::new();
        for obligation in &self.obligations {
            rows.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&obligation.description),
                obligation.due_on,
                yuan(obligation.amount_fen),
                yuan(obligation.paid_fen)
            ));
        }
        let mut payments = String::new();
        for payment in &self.payments {
            payments.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                payment.paid_on,
                yuan(payment.amount_fen),
                escape(payment.reference.as_deref().unwrap_or("—"))
            ));
        }
        let recorded = match (&license.recorded_on, &license.record_number) {
            (Some(on), Some(number)) => format!("已于 {on} 备案，备案号 {}", escape(number)),
            _ => format!("尚未备案，备案期限 {}", license.recordation_due_on),
        };
        format!(
            "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>开放许可实施备案材料 {id}</title>\
             <style>body{{font-family:sans-serif;max-width:50em;margin:2em auto}}table{{border-collapse:collapse;width:100%}}\
             td,th{{border:1px solid #999;padding:.3em}}pre{{white-space:pre-wrap}}</style></head><body>\
             <h1>开放许可实施备案材料</h1>\
             <p>许可编号：{id}<br>专利：{title}（{number}）<br>专利权人：{licensor}<br>被许可人：{licensee}<br>\
             状态：{state}<br>许可期限：{effective} 至 {ends}<br>备案：{recorded}</p>\
             <h2>一、实施通知书</h2><pre>{notice}</pre>\
             <h2>二、许可条件（第 {version} 版开放许可声明）</h2><p>{payment}</p>\
             <h2>三、应付款项</h2><table><tr><th>款项</th><th>到期日</th><th>金额</th><th>已付</th></tr>{rows}</table>\
             <h2>四、付款记录</h2><table><tr><th>付款日</th><th>金额</th><th>凭证号</th></tr>{payments}</table>\
             <p>生成日期：{generated}</p></body></html>\n",
            id = license.id,
            title = escape(&license.patent_title),
            number = escape(&license.publication_number),
            licensor = escape(&license.licensor_name),
            licensee = escape(&license.licensee_name),
            state = license.state_label,
            effective = license.effective_on,
            ends = license.ends_on,
            recorded = recorded,
            notice = escape(&license.notice),
            version = license.offer_version,
            payment = escape(&license.payment_text),
            rows = rows,
            payments = payments,
            generated = self.generated_on,
        )
    }
}
