//! CSV exports of every report, with Chinese headers, for Excel.

use catalog::model::actor::Actor;
use catalog::model::field_error::FieldError;
use catalog::model::page::PageRequest;
use chrono::NaiveDate;
use licensing::model::license::LicenseState;
use licensing::model::terms::FeeModel;
use matching::model::feedback::CooperationIntent;

use super::audit::audit_trail;
use super::dormancy::{DormancyFilter, dormant};
use super::feedback::feedback_summary;
use super::follow_ups::{FollowUpSettings, follow_ups};
use super::funnel::funnel;
use super::kpis::kpis;
use crate::model::audit::AuditFilter;
use crate::model::csv::{Csv, CsvWriter, cell};
use crate::model::follow_ups::FollowUpList;
use crate::model::kpis::{KpiRow, PolicyTargets};
use crate::model::period::{GroupBy, ReportRequest};
use crate::{Db, Error, Result};

/// Which report to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    Kpis,
    Funnel,
    Dormant,
    FollowUp(FollowUpList),
    Feedback,
    Audit,
}

impl Report {
    pub const CODES: [&'static str; 8] =
        ["kpis", "funnel", "dormant", "overdue_recordations", "overdue_payments", "trials_ending", "feedback", "audit"];

    /// Parses `report=`; an unknown or missing report is a validation error naming the choices.
    pub fn parse(raw: Option<&str>) -> Result<Report> {
        let report = match raw.map(str::trim) {
            Some("kpis") => Some(Report::Kpis),
            Some("funnel") => Some(Report::Funnel),
            Some("dormant") => Some(Report::Dormant),
            Some("feedback") => Some(Report::Feedback),
            Some("audit") => Some(Report::Audit),
            Some(other) => FollowUpList::parse(other).map(Report::FollowUp),
            None => None,
        };
        report.ok_or_else(|| {
            Error::Validation(vec![FieldError::new(
                "report",
                "unknown_report",
                format!("report 应为以下之一：{}", Report::CODES.join(", ")),
            )])
        })
    }

    fn code(self) -> &'static str {
        match self {
            Report::Kpis => "kpis",
            Report::Funnel => "funnel",
            Report::Dormant => "dormant",
            Report::FollowUp(list) => list.code(),
            Report::Feedback => "feedback",
            Report::Audit => "audit",
        }
    }
}

/// Everything an export may need besides the report's own filters.
#[derive(Debug, Clone, Copy)]
pub struct ExportSettings {
    pub targets: PolicyTargets,
    pub follow_ups: FollowUpSettings,
    /// Longest list exported; longer lists are cut and marked truncated.
    pub max_rows: u64,
}

/// The filters of every report; each report reads the ones it knows.
#[derive(Debug, Clone, Default)]
pub struct ExportRequest {
    pub period: ReportRequest,
    pub dormancy: DormancyFilter,
    pub audit: AuditFilter,
}

/// Exports `report` as `actor` may see it, under the same rules as the JSON route.
pub async fn export(
    db: &Db,
    actor: &Actor,
    report: Report,
    request: &ExportRequest,
    settings: ExportSettings,
    today: NaiveDate,
) -> Result<Csv> {
    let all = PageRequest { page: 1, per_page: settings.max_rows.max(1) };
    let (writer, truncated) = match report {
        Report::Kpis => (kpi_csv(db, actor, request, settings.targets, today).await?, false),
        Report::Funnel => (funnel_csv(db, actor, &request.period, today).await?, false),
        Report::Dormant => {
            let report = dormant(db, actor, request.dormancy, all, today).await?;
            let mut writer = CsvWriter::new(&[
                "公开号",
                "专利名称",
                "高校",
                "授权日",
                "挂牌期限日",
                "可许可他人日",
                "阶段",
                "已开放许可",
            ]);
            for patent in &report.patents.items {
                writer.row([
                    patent.publication_number.clone(),
                    patent.title.clone(),
                    patent.organization_name.clone(),
                    patent.grant_date.to_string(),
                    patent.listing_due_on.to_string(),
                    patent.licensable_from.to_string(),
                    patent.stage.label().to_string(),
                    yes_no(patent.open_offer).to_string(),
                ]);
            }
            (writer, report.patents.total > report.patents.items.len() as u64)
        }
        Report::FollowUp(list) => {
            let page = follow_ups(db, actor, list, settings.follow_ups, all, today).await?;
            let mut writer = CsvWriter::new(&[
                "许可编号",
                "公开号",
                "专利名称",
                "许可方",
                "被许可方",
                "到期日",
                "逾期天数",
                "未付金额（分）",
            ]);
            for item in &page.items {
                writer.row([
                    item.license_id.to_string(),
                    item.publication_number.clone(),
                    item.patent_title.clone(),
                    item.licensor_name.clone(),
                    item.licensee_name.clone(),
                    item.due_on.to_string(),
                    item.days_overdue.to_string(),
                    cell(item.outstanding_fen),
                ]);
            }
            (writer, page.total > page.items.len() as u64)
        }
        Report::Feedback => {
            let (_, summary) = feedback_summary(db, actor, &request.period, today).await?;
            let mut writer = CsvWriter::new(&["指标", "数值"]);
            writer.row(["期内发布需求数".to_string(), summary.demands.to_string()]);
            writer.row(["获得反馈的需求数".to_string(), summary.demands_with_feedback.to_string()]);
            writer.row(["反馈率（基点）".to_string(), cell(summary.feedback_rate_bp)]);
            writer.row(["反馈条数".to_string(), summary.feedback.to_string()]);
            writer.row(["认为相关条数".to_string(), summary.relevant.to_string()]);
            writer.row(["相关占比（基点）".to_string(), cell(summary.relevant_share_bp)]);
            for (code, count) in &summary.cooperation_intents {
                let label = CooperationIntent::parse(code).map(CooperationIntent::label).unwrap_or(code);
                writer.row([format!("合作意向：{label}"), count.to_string()]);
            }
            (writer, false)
        }
        Report::Audit => {
            let page = audit_trail(db, actor, &request.audit, all).await?;
            let mut writer =
                CsvWriter::new(&["编号", "时间（UTC）", "用户", "机构", "操作", "对象类型", "对象编号", "详情"]);
            for entry in &page.items {
                writer.row([
                    entry.id.to_string(),
                    entry.occurred_at.to_rfc3339(),
                    cell(entry.user_id),
                    cell(entry.organization_id),
                    entry.action.clone(),
                    entry.target_kind.clone(),
                    entry.target_id.clone(),
                    cell(entry.detail.as_ref()),
                ]);
            }
            (writer, page.total > page.items.len() as u64)
        }
    };
    Ok(writer.finish(format!("kaixu-{}-{today}.csv", report.code()), truncated))
}

fn yes_no(value: bool) -> &'static str {
    if value { "是" } else { "否" }
}

async fn kpi_csv(
    db: &Db,
    actor: &Actor,
    request: &ExportRequest,
    targets: PolicyTargets,
    today: NaiveDate,
) -> Result<CsvWriter> {
    let report = kpis(db, actor, &request.period, targets, today).await?;
    let group_header = report.group_by.and_then(GroupBy::parse).map(GroupBy::label).unwrap_or("范围");
    let mut headers: Vec<String> = [
        group_header,
        "分组代码",
        "起始日",
        "截止日",
        "期末开放许可专利数",
        "期内发布开放许可专利数",
        "累计开放许可专利数",
        "已许可专利数",
        "实施率（基点）",
        "期内许可数",
    ]
    .iter()
    .map(|header| header.to_string())
    .collect();
    headers.extend(LicenseState::ALL.iter().map(|state| format!("许可状态：{}", state.label())));
    headers.extend(FeeModel::CODES.iter().map(|(_, label)| format!("收费方式：{label}")));
    headers.extend(
        ["服务中小企业数", "应付金额（分）", "实付金额（分）", "上年同期许可数", "同比增长（基点）"]
            .iter()
            .map(|header| header.to_string()),
    );
    headers.extend(report.total.targets.iter().map(|check| format!("目标达成：{}", check.label)));
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut writer = CsvWriter::new(&header_refs);
    for row in std::iter::once(&report.total).chain(report.groups.iter()) {
        writer.row(kpi_cells(row));
    }
    Ok(writer)
}

fn kpi_cells(row: &KpiRow) -> Vec<String> {
    let figures = &row.figures;
    let mut cells = vec![
        row.label.clone(),
        row.key.clone().unwrap_or_default(),
        row.period.from.to_string(),
        row.period.to.to_string(),
        figures.open_licensed_at_end.to_string(),
        figures.open_licensed_published.to_string(),
        figures.open_licensed_total.to_string(),
        figures.converted_patents.to_string(),
        cell(figures.conversion_rate_bp),
        figures.licenses.to_string(),
    ];
    for state in LicenseState::ALL {
        cells.push(figures.licenses_by_state.get(state.code()).copied().unwrap_or(0).to_string());
    }
    for (code, _) in FeeModel::CODES {
        cells.push(figures.licenses_by_fee_model.get(code).copied().unwrap_or(0).to_string());
    }
    cells.extend([
        figures.smes_served.to_string(),
        figures.contracted_fen.to_string(),
        figures.paid_fen.to_string(),
        figures.licenses_previous_year.to_string(),
        cell(figures.license_growth_bp),
    ]);
    cells.extend(row.targets.iter().map(|check| yes_no(check.met).to_string()));
    cells
}

async fn funnel_csv(db: &Db, actor: &Actor, request: &ReportRequest, today: NaiveDate) -> Result<CsvWriter> {
    let report = funnel(db, actor, request, today).await?;
    let group_header = report.group_by.and_then(GroupBy::parse).map(GroupBy::label).unwrap_or("范围");
    let mut writer = CsvWriter::new(&[
        group_header,
        "分组代码",
        "起始日",
        "截止日",
        "专利详情浏览",
        "开放许可浏览",
        "接受许可",
        "试用转正",
        "许可生效",
        "首次付款",
    ]);
    for row in std::iter::once(&report.total).chain(report.groups.iter()) {
        let figures = &row.figures;
        writer.row([
            row.label.clone(),
            row.key.clone().unwrap_or_default(),
            row.period.from.to_string(),
            row.period.to.to_string(),
            figures.patent_views.to_string(),
            figures.offer_views.to_string(),
            figures.accepts.to_string(),
            figures.trials_confirmed.to_string(),
            figures.licenses_active.to_string(),
            figures.first_payments.to_string(),
        ]);
    }
    Ok(writer)
}
