//! 信息处理费 (条例 第四十二条; 《政府信息公开信息处理费管理办法》国办函〔2020〕109号).
//!
//! Both scales are 超额累进 (marginal): each tier's rate applies to the part inside it. One
//! request is charged on ONE scale only (办法 第三条: 不得同时按照两种标准重复计算).

use serde::{Deserialize, Serialize};
use strum::EnumMessage;

/// The scale a fee is computed on.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::EnumMessage,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum FeeMethod {
    /// 按件计收 (办法 第四条): by the applicant's count of applications in a natural month.
    #[strum(message = "按件计收")]
    PerRequest,
    /// 按量计收 (办法 第五条): by pages of one application.
    #[strum(message = "按量计收")]
    PerPage,
}

impl FeeMethod {
    /// The stable key (API, database, URLs), derived by strum.
    pub fn key(self) -> &'static str {
        self.into()
    }
    pub fn from_key(s: &str) -> Option<Self> {
        s.trim().parse().ok()
    }
    pub fn label_zh(self) -> &'static str {
        self.get_message().unwrap_or_default()
    }
}

/// Fee in 元 for the `k`-th application (1-based) of one applicant in one natural month
/// (办法 第四条): k ≤ 10 free; 11–30: 100 元 each; from 31 on, each band of 10 adds 100 元
/// (31–40: 200 元, 41–50: 300 元, …) — regulation.md §1.12, worked interpretation.
pub fn per_request_fee(k: u32) -> u64 {
    match k {
        0..=10 => 0,
        11..=30 => 100,
        _ => 100 * (2 + u64::from((k - 31) / 10)),
    }
}

/// Fee in 元 for `pages` pages of one application (办法 第五条): ≤ 30 free; 31–100 at 10 元;
/// 101–200 at 20 元; above 200 at 40 元 — each rate on the pages inside its tier.
pub fn per_page_fee(pages: u32) -> u64 {
    let p = u64::from(pages);
    10 * p.saturating_sub(30).min(70) + 20 * p.saturating_sub(100).min(100) + 40 * p.saturating_sub(200)
}

/// A computed fee with the Chinese statement of its basis, for the 收费通知.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeQuote {
    pub method: FeeMethod,
    /// The quantity charged on: the month's application count (k) or the page count.
    pub quantity: u32,
    pub amount_yuan: u64,
    /// 收费依据和标准, in Chinese.
    pub basis: String,
}

/// Quotes the fee on one scale.
pub fn quote(method: FeeMethod, quantity: u32) -> FeeQuote {
    match method {
        FeeMethod::PerRequest => {
            let amount = per_request_fee(quantity);
            FeeQuote {
                method,
                quantity,
                amount_yuan: amount,
                basis: format!(
                    "依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）第四条，按件计收：\
                     同一申请人一个自然月内累计申请10件以下（含10件）的不收费；11—30件（含30件）的部分，\
                     每件收费100元；31件以上的部分，以10件为一档，每增加一档，收费标准提高100元/件。\
                     本申请为您本自然月内向本机关提出的第{quantity}件申请，应收取信息处理费{amount}元。"
                ),
            }
        }
        FeeMethod::PerPage => {
            let amount = per_page_fee(quantity);
            FeeQuote {
                method,
                quantity,
                amount_yuan: amount,
                basis: format!(
                    "依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）第五条，按量计收：\
                     30页以下（含30页）的不收费；31—100页（含100页）的部分，每页收费10元；101—200页\
                     （含200页）的部分，每页收费20元；201页以上的部分，每页收费40元。本申请所需提供的\
                     信息共{quantity}页，应收取信息处理费{amount}元。"
                ),
            }
        }
    }
}

/// Working days the applicant has to pay, counted from the day after receiving the notice
/// (办法; regulation.md §1.12): unpaid after that → 视为放弃申请, 表三 （六）2.
pub const PAYMENT_WORKDAYS: u32 = 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_request_tiers_at_every_boundary() {
        for (k, fee) in [
            (1, 0),
            (10, 0),
            (11, 100),
            (30, 100),
            (31, 200),
            (40, 200),
            (41, 300),
            (50, 300),
            (51, 400),
            (100, 800),
        ] {
            assert_eq!(per_request_fee(k), fee, "k = {k}");
        }
    }

    #[test]
    fn per_page_tiers_at_every_boundary() {
        for (p, fee) in
            [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (250, 4700)]
        {
            assert_eq!(per_page_fee(p), fee, "pages = {p}");
        }
    }

    #[test]
    fn quote_states_basis_and_amount() {
        let q = quote(FeeMethod::PerPage, 250);
        assert_eq!(q.amount_yuan, 4700);
        assert!(q.basis.contains("第五条") && q.basis.contains("250页") && q.basis.contains("4700元"));
        let q = quote(FeeMethod::PerRequest, 12);
        assert_eq!(q.amount_yuan, 100);
        assert!(q.basis.contains("第四条") && q.basis.contains("第12件"));
    }
}
