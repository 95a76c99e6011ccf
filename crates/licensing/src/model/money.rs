//! Money is integer fen (分) and rates are basis points; these helpers only format them.

/// The statutory caps of design §2.
pub const FIXED_FEE_CAP_FEN: i64 = 20_000_000 * 100;
/// A royalty on net sales may not exceed 20%.
pub const NET_SALES_ROYALTY_CAP_BP: u32 = 2_000;
/// A royalty on profit may not exceed 40%.
pub const PROFIT_ROYALTY_CAP_BP: u32 = 4_000;

/// `123456` fen → `人民币1,234.56元`.
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let fen = fen.unsigned_abs();
    let whole = (fen / 100).to_string();
    let mut grouped = String::new();
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("人民币{sign}{grouped}.{:02}元", fen % 100)
}

/// `350` bp → `3.5%`.
pub fn percent(bp: u32) -> String {
    let whole = bp / 100;
    let fraction = bp % 100;
    if fraction == 0 {
        return format!("{whole}%");
    }
    let fraction = format!("{fraction:02}");
    format!("{whole}.{}%", fraction.trim_end_matches('0'))
}

/// `amount × numerator / denominator`, rounded down, without overflow (i128 inside).
pub fn scale(amount: i64, numerator: i64, denominator: i64) -> i64 {
    if denominator == 0 {
        return 0;
    }
    let scaled = i128::from(amount) * i128::from(numerator) / i128::from(denominator);
    i64::try_from(scaled).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_groups_thousands_and_keeps_fen() {
        assert_eq!(yuan(0), "人民币0.00元");
        assert_eq!(yuan(5), "人民币0.05元");
        assert_eq!(yuan(123_456), "人民币1,234.56元");
        assert_eq!(yuan(2_000_000_000), "人民币20,000,000.00元");
    }

    #[test]
    fn percent_renders_basis_points() {
        assert_eq!(percent(350), "3.5%");
        assert_eq!(percent(2_000), "20%");
        assert_eq!(percent(5), "0.05%");
        assert_eq!(percent(125), "1.25%");
    }

    #[test]
    fn scale_rounds_down_in_integer_arithmetic() {
        assert_eq!(scale(1_000_001, 300, 10_000), 30_000);
        assert_eq!(scale(i64::MAX / 2, 4, 4), i64::MAX / 2);
    }
}
