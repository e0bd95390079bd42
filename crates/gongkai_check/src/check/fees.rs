//! Fee rules (`narrative.fee_mismatch`): what the text says about 信息处理费 against itself and
//! against 表三 （六）2 (applications dropped because the fee was not paid), X-3 and X-5 of the
//! domain notes.

use gongkai_domain::report::{RequestColumn, RequestRow};

use super::{Finding, Severity};
use crate::extract::Extracted;

const RULE: &str = "narrative.fee_mismatch";

fn yuan(v: f64) -> String {
    if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v:.2}") }
}

/// Run the fee rules.
pub fn check(ex: &Extracted, out: &mut Vec<Finding>) {
    let f = &ex.fees;
    let collected = f.fees.amount_collected_yuan.filter(|v| *v > 0.0);
    // The text contradicts itself: an amount collected and "nothing charged".
    if let (Some(v), Some(q), Some(none)) = (collected, &f.collected_quote, &f.none_quote) {
        out.push(Finding::new(
            RULE,
            Severity::Warning,
            format!("正文既称收取费用 {} 元，又称未收取费用，前后矛盾", yuan(v)),
            format!("“{q}”；“{none}”"),
        ));
    }
    let unpaid = ex
        .table3
        .as_ref()
        .and_then(|t| t.table.get(RequestRow::OtherFeeUnpaid, RequestColumn::Total))
        .filter(|n| *n > 0);
    // 三（六）2 counts applications whose fee notice went unpaid, so at least that many
    // notices were sent.
    if let Some(n) = unpaid {
        if let Some(q) = &f.no_notice_quote {
            out.push(Finding::new(
                RULE,
                Severity::Warning,
                format!("表三“（六）2.申请人逾期未按收费通知要求缴纳费用”为 {n} 件，但正文称未发出收费通知"),
                format!("“{q}”"),
            ));
        } else if let (Some(k), Some(q)) = (f.fees.notices, &f.notices_quote)
            && k < n
        {
            out.push(Finding::new(
                RULE,
                Severity::Warning,
                format!(
                    "表三“（六）2.申请人逾期未按收费通知要求缴纳费用”为 {n} 件，多于正文所称发出的收费通知 {k} 件"
                ),
                format!("“{q}”"),
            ));
        } else if !f.mentioned {
            // the report should say something about 信息处理费 then.
            out.push(Finding::new(
                RULE,
                Severity::Info,
                format!("表三“（六）2.申请人逾期未按收费通知要求缴纳费用”为 {n} 件，但报告没有说明信息处理费（收费通知、收取金额）情况"),
                String::new(),
            ));
        }
    }
    // Money collected although no application was received or carried over.
    if let (Some(v), Some(q), Some(t3)) = (collected, &f.collected_quote, &ex.table3) {
        let new = t3.table.get(RequestRow::NewReceived, RequestColumn::Total);
        let carried = t3.table.get(RequestRow::CarriedOver, RequestColumn::Total).unwrap_or(0);
        if new == Some(0) && carried == 0 {
            out.push(Finding::new(
                RULE,
                Severity::Warning,
                format!("正文称收取信息处理费 {} 元，但表三本年新收和上年结转申请均为 0", yuan(v)),
                format!("“{q}”"),
            ));
        }
    }
}
