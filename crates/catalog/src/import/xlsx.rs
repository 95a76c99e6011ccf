//! XLSX workbooks: the first worksheet, first row as headers.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::{Days, NaiveDate};

use super::ImportRow;
use super::columns::{map_headers, row_to_input};
use crate::error::{Error, Result};

pub(super) fn parse(bytes: &[u8]) -> Result<Vec<ImportRow>> {
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|error| Error::ImportMalformed {
            line: 0, message: format!("不是有效的 XLSX 文件：{error}")
        })?;
    let Some(sheet_name) = workbook.sheet_names().first().cloned() else {
        return Err(Error::ImportMalformed { line: 0, message: "工作簿中没有工作表".to_string() });
    };
    let range = workbook.worksheet_range(&sheet_name).map_err(|error| Error::ImportMalformed {
        line: 0,
        message: format!("无法读取工作表“{sheet_name}”：{error}"),
    })?;
    let first_row = range.start().map(|(row, _)| u64::from(row) + 1).unwrap_or(1);
    let mut rows_iter = range.rows();
    let Some(header_cells) = rows_iter.next() else {
        return Err(Error::ImportMalformed { line: 1, message: "工作表为空或缺少表头".to_string() });
    };
    let headers: Vec<String> = header_cells.iter().map(cell_text).collect();
    let fields = map_headers(&headers)?;
    let mut rows = Vec::new();
    for (index, cells) in rows_iter.enumerate() {
        let texts: Vec<String> = cells.iter().map(cell_text).collect();
        if texts.iter().all(|text| text.trim().is_empty()) {
            continue;
        }
        let line = first_row + 1 + index as u64;
        rows.push(ImportRow { line, input: row_to_input(&fields, &texts) });
    }
    Ok(rows)
}

/// Excel's day zero for the 1900 date system (serial 1 = 1900-01-01, with Excel's leap-day bug).
fn excel_serial_to_date(serial: f64) -> Option<NaiveDate> {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let days = u64::try_from(serial.floor() as i64).ok()?;
    epoch.checked_add_days(Days::new(days))
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Int(number) => number.to_string(),
        Data::Float(number) if number.fract() == 0.0 && number.abs() < 1e15 => format!("{}", *number as i64),
        Data::Float(number) => number.to_string(),
        Data::Bool(flag) => flag.to_string(),
        Data::DateTime(datetime) => {
            excel_serial_to_date(datetime.as_f64()).map(|date| date.to_string()).unwrap_or_default()
        }
        Data::Error(error) => format!("#ERROR {error:?}"),
    }
}
