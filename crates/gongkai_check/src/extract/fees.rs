//! 信息处理费 (and, in legacy reports, 检索/复制/邮寄 fees) as the text states them: amounts
//! collected, fee notices sent, and statements that nothing was charged.

use gongkai_domain::report::Fees;

/// What the text says about fees, with the quoted phrases.
#[derive(Debug, Clone, Default)]
pub struct FeeText {
    /// Figures in the exchange shape.
    pub fees: Fees,
    /// The phrase stating the amount collected.
    pub collected_quote: Option<String>,
    /// A phrase saying no fee was charged (`未收取任何费用`, `暂未开展信息处理费收取工作`).
    pub none_quote: Option<String>,
    /// The phrase stating the number of fee notices.
    pub notices_quote: Option<String>,
    /// A phrase saying no fee notice was sent.
    pub no_notice_quote: Option<String>,
    /// Whether 信息处理费 (or 收费通知) is mentioned at all.
    pub mentioned: bool,
}

fn amount_yuan(num: &str, unit: &str) -> Option<f64> {
    let v: f64 = num.parse().ok()?;
    Some(if unit.starts_with('万') { v * 10_000.0 } else { v })
}

/// Read the fee statements of whitespace-free text.
#[must_use]
pub fn extract(flat: &str) -> FeeText {
    let mut out = FeeText {
        mentioned: flat.contains("信息处理费") || flat.contains("收费通知"),
        ..FeeText::default()
    };
    // Every phrase below holds 费 and none crosses a 。 or a line: search only the sentences with
    // 费 (the patterns' bounded gaps are slow on a whole report).
    let fee_sentences: String = flat.split_inclusive(['。', '\n']).filter(|s| s.contains('费')).collect();
    let flat = fee_sentences.as_str();
    // Amount collected: "收取信息处理费380元", "实际收取信息处理费共计400元",
    // "收取检索、复制费用共计120元", "信息处理费收入0.12万元".
    let collected = crate::re::cached(
        r"(?:收取|收缴|实收|征收|收到)了?(?:政府信息公开)?(?:信息处理费|检索[、，]?复制[、，]?(?:邮寄)?(?:等)?(?:成本)?费用?|费用)[^。；\n\d]{0,12}?(\d+(?:\.\d+)?)(万元|元)",
    );
    if let Some(c) = collected.and_then(|re| re.captures(flat))
        && let (Some(all), Some(n), Some(u)) = (c.get(0), c.get(1), c.get(2))
    {
        out.fees.amount_collected_yuan = amount_yuan(n.as_str(), u.as_str());
        out.collected_quote = Some(all.as_str().to_owned());
    }
    // Nothing charged. "不收取费用" is the rule of Art. 42 quoted, not a fact, so only past-tense
    // forms count, and not when the sentence goes on with 但 (the quoted exception).
    let none = crate::re::cached(
        r"(?:未|没有)(?:向申请人)?(?:收取|收缴|征收|产生)(?:过)?(?:任何)?(?:政府信息公开)?(?:信息处理费|相关费用|任何费用|费用)|(?:暂未|未|没有)(?:开展|发生|产生)(?:过)?(?:收取)?信息处理费|(?:未|没有)发生(?:任何)?收费|无(?:收取)?信息处理费|信息处理费(?:为|共计|合计|收入)?0(?:\.0+)?(?:万元|元)",
    );
    if let Some(re) = none {
        for m in re.find_iter(flat) {
            let after: String = flat[m.end()..].chars().take(4).collect();
            if after.contains('但') {
                continue;
            }
            out.none_quote = Some(m.as_str().to_owned());
            break;
        }
    }
    // Fee notices: "发出收费通知3件", "出具收费通知书2份", "收费通知1件".
    let notices = crate::re::cached(
        r"(?:发出|出具|送达|发送|开具)?了?(?:信息处理费)?收费通知(?:书|单)?(?:共计|共|计)?(\d+)(?:件|份|次|个)",
    );
    if let Some(c) = notices.and_then(|re| re.captures(flat))
        && let (Some(all), Some(n)) = (c.get(0), c.get(1))
    {
        out.fees.notices = n.as_str().parse().ok();
        out.notices_quote = Some(all.as_str().to_owned());
    }
    let no_notice =
        crate::re::cached(r"(?:未|没有)(?:发出|出具|送达|发送|开具)(?:过)?(?:任何)?(?:信息处理费)?收费通知");
    if let Some(m) = no_notice.and_then(|re| re.find(flat)) {
        out.no_notice_quote = Some(m.as_str().to_owned());
    }
    if out.fees.notices.is_none() && out.no_notice_quote.is_some() {
        out.fees.notices = Some(0);
    }
    if out.fees.amount_collected_yuan.is_none()
        && out.none_quote.as_deref().is_some_and(|q| q.contains("信息处理费") || q.contains("费用"))
    {
        out.fees.amount_collected_yuan = Some(0.0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::extract;

    #[test]
    fn reads_fee_statements() {
        let f = extract("2023年有1件政府信息公开申请收取信息处理费380元。共发出收费通知2件。");
        assert_eq!(f.fees.amount_collected_yuan, Some(380.0));
        assert_eq!(f.fees.notices, Some(2));
        assert!(f.none_quote.is_none());

        let f = extract(
            "本机关依申请提供政府信息，不收取费用。但是，申请人申请数量明显超过合理范围的可以收取信息处理费。",
        );
        assert!(f.none_quote.is_none());
        assert_eq!(f.fees.amount_collected_yuan, None);

        let f = extract("本年度未收取任何费用，未发出收费通知。");
        assert_eq!(f.fees.amount_collected_yuan, Some(0.0));
        assert_eq!(f.fees.notices, Some(0));
        assert!(f.none_quote.is_some() && f.no_notice_quote.is_some());

        let f = extract("实际收取信息处理费共计0.12万元");
        assert_eq!(f.fees.amount_collected_yuan, Some(1200.0));
    }
}
