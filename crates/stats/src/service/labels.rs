//! Chinese labels of group keys, and the order groups are listed in.

use std::collections::HashMap;

use catalog::model::ids::OrganizationId;
use catalog::model::reference::{IndustryCode, RegionCode};
use catalog::service::organizations::organizations_by_ids;
use sea_orm::ConnectionTrait;

use crate::Result;
use crate::model::period::GroupBy;

pub(crate) const TOTAL_LABEL: &str = "合计";

/// The label of each key of a `group` dimension (university names are read from the catalog).
pub(crate) async fn labels<C: ConnectionTrait>(
    conn: &C,
    group: GroupBy,
    keys: &[String],
) -> Result<HashMap<String, String>> {
    let mut labels = HashMap::with_capacity(keys.len());
    if group == GroupBy::University {
        let ids: Vec<OrganizationId> = keys.iter().filter_map(|key| key.parse().ok()).collect();
        for organization in organizations_by_ids(conn, &ids).await? {
            labels.insert(organization.id.to_string(), organization.name);
        }
    }
    for key in keys {
        if labels.contains_key(key) {
            continue;
        }
        labels.insert(key.clone(), label(group, key));
    }
    Ok(labels)
}

fn label(group: GroupBy, key: &str) -> String {
    if key.is_empty() {
        return "未分类".to_string();
    }
    match group {
        GroupBy::Region => RegionCode::parse(key).map(|code| code.name().to_string()).unwrap_or_else(|_| key.into()),
        GroupBy::Industry => {
            IndustryCode::parse(key).map(|code| code.name().to_string()).unwrap_or_else(|_| key.into())
        }
        GroupBy::Month => format!("{}年{}月", &key[..4], key[5..].trim_start_matches('0')),
        GroupBy::Quarter => format!("{}年第{}季度", &key[..4], &key[6..]),
        GroupBy::Year => format!("{key}年"),
        GroupBy::University | GroupBy::IpcSection | GroupBy::IpcClass => key.to_string(),
    }
}

/// Universities by name; codes (region, IPC, industry) by code, which groups related codes.
pub(crate) fn sort_groups<T>(group: GroupBy, rows: &mut [T], key_of: impl Fn(&T) -> (&String, &Option<String>)) {
    if group == GroupBy::University {
        rows.sort_by(|a, b| key_of(a).cmp(&key_of(b)));
    } else {
        rows.sort_by(|a, b| key_of(a).1.cmp(key_of(b).1));
    }
}

/// The same bucket key `years` later (`shift_year("2024-03", 1)` is `2025-03`).
pub(crate) fn shift_year(key: &str, years: i32) -> String {
    match key.get(..4).and_then(|year| year.parse::<i32>().ok()) {
        Some(year) => format!("{:04}{}", year + years, &key[4..]),
        None => key.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_keys_read_in_chinese() {
        assert_eq!(label(GroupBy::Month, "2025-03"), "2025年3月");
        assert_eq!(label(GroupBy::Quarter, "2025-Q4"), "2025年第4季度");
        assert_eq!(label(GroupBy::Year, "2025"), "2025年");
        assert_eq!(label(GroupBy::IpcClass, ""), "未分类");
        assert_eq!(shift_year("2024-Q1", 1), "2025-Q1");
    }
}
