//! Property tests: one perturbed cell in a synthetic, balanced report is found as exactly the
//! identities it breaks; arbitrary bytes never panic the readers and finish in bounded time.

use gongkai_check::{Severity, check_bytes};
use gongkai_domain::report::{RequestColumn, RequestRow};
use proptest::prelude::*;

/// Render a 2021-format report whose 表三 and 表四 come from the given cells.
fn render(t3: &[(RequestRow, [i64; 7])], t4: &[i64; 15]) -> String {
    let mut h = String::from(
        "<html><body><p>测试县人民政府2023年政府信息公开工作年度报告</p>\
         <p>本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。</p>\
         <p>一、总体情况</p><p>正文。</p><p>二、主动公开政府信息情况</p><p>正文。</p>\
         <p>三、收到和处理政府信息公开申请情况</p><table>\
         <tr><td>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>\
         <td>自然人</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td><td>总计</td></tr>",
    );
    for (row, cells) in t3 {
        h.push_str(&format!("<tr><td>{}</td>", row.label_zh()));
        for c in cells {
            h.push_str(&format!("<td>{c}</td>"));
        }
        h.push_str("</tr>");
    }
    h.push_str("</table><p>四、政府信息公开行政复议、行政诉讼情况</p><table><tr><td>行政复议</td><td>行政诉讼</td></tr>\
        <tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr><tr>");
    for c in t4 {
        h.push_str(&format!("<td>{c}</td>"));
    }
    h.push_str("</tr></table><p>五、存在的主要问题及改进情况</p><p>正文。</p><p>六、其他需要报告的事项</p><p>无。</p>\
        <p>测试县人民政府</p><p>2024年1月20日</p></body></html>");
    h
}

fn balanced(
    outcomes: &[[i64; 6]],
    carried_over: [i64; 6],
    carried_forward: [i64; 6],
) -> Vec<(RequestRow, [i64; 7])> {
    let rows = RequestRow::national2021();
    let outcome_rows: Vec<RequestRow> = rows.iter().copied().filter(|r| r.is_outcome()).collect();
    let with_total = |c: [i64; 6]| -> [i64; 7] {
        let mut out = [0; 7];
        out[..6].copy_from_slice(&c);
        out[6] = c.iter().sum();
        out
    };
    let mut results = [0i64; 6];
    let mut t = Vec::new();
    let mut body = Vec::new();
    for (k, r) in outcome_rows.iter().enumerate() {
        let c = outcomes.get(k).copied().unwrap_or([0; 6]);
        for i in 0..6 {
            results[i] += c[i];
        }
        body.push((*r, with_total(c)));
    }
    // new_received = results + carried_forward − carried_over (kept non-negative by construction).
    let mut new = [0i64; 6];
    for i in 0..6 {
        new[i] = results[i] + carried_forward[i] - carried_over[i];
    }
    t.push((RequestRow::NewReceived, with_total(new)));
    t.push((RequestRow::CarriedOver, with_total(carried_over)));
    t.extend(body);
    t.push((RequestRow::ResultsTotal, with_total(results)));
    t.push((RequestRow::CarriedForward, with_total(carried_forward)));
    t
}

fn t4_balanced(parts: [i64; 12]) -> [i64; 15] {
    let mut out = [0; 15];
    for b in 0..3 {
        let p = &parts[b * 4..b * 4 + 4];
        out[b * 5..b * 5 + 4].copy_from_slice(p);
        out[b * 5 + 4] = p.iter().sum();
    }
    out
}

fn error_rules(html: &str) -> Vec<String> {
    let r = check_bytes("synthetic.html", html.as_bytes());
    let mut v: Vec<String> =
        r.findings.iter().filter(|f| f.severity == Severity::Error).map(|f| f.rule.clone()).collect();
    v.sort();
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn balanced_report_has_no_error(
        outcomes in proptest::collection::vec(proptest::array::uniform6(0i64..40), 21),
        co in proptest::array::uniform6(0i64..5),
        t4 in proptest::array::uniform12(0i64..30),
    ) {
        let html = render(&balanced(&outcomes, co, co), &t4_balanced(t4));
        prop_assert!(error_rules(&html).is_empty());
    }

    #[test]
    fn one_perturbed_outcome_cell_breaks_exactly_its_identities(
        outcomes in proptest::collection::vec(proptest::array::uniform6(0i64..40), 21),
        row in 0usize..21,
        col in 0usize..6,
        delta in 1i64..30,
    ) {
        let mut t = balanced(&outcomes, [0; 6], [0; 6]);
        // Rows: 0 new, 1 carried over, 2..23 outcomes.
        t[2 + row].1[col] += delta;
        let html = render(&t, &t4_balanced([0; 12]));
        let r = check_bytes("synthetic.html", html.as_bytes());
        let errs: Vec<(String, String)> = r.findings.iter().filter(|f| f.severity == Severity::Error)
            .map(|f| (f.rule.clone(), f.message.clone())).collect();
        // T3-2 in the perturbed column and T3-3 in the perturbed row; nothing else.
        prop_assert_eq!(errs.len(), 2, "{:?}", errs);
        let col_needle = format!("{}列", RequestColumn::APPLICANTS[col].label_zh());
        let hit = errs.iter().any(|(r, m)| r == "table3.results_sum" && m.contains(&col_needle));
        prop_assert!(hit);
        prop_assert!(errs.iter().any(|(r, m)| r == "table3.row_sum" && m.contains(t[2 + row].0.label_zh())));
    }

    #[test]
    fn one_perturbed_case_cell_breaks_its_block(parts in proptest::array::uniform12(0i64..30), cell in 0usize..15, delta in 1i64..9) {
        let mut t4 = t4_balanced(parts);
        t4[cell] += delta;
        let html = render(&balanced(&[], [0; 6], [0; 6]), &t4);
        prop_assert_eq!(error_rules(&html), vec!["table4.row_sum".to_owned()]);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let t = std::time::Instant::now();
        let _ = check_bytes("fuzz.bin", &bytes);
        prop_assert!(t.elapsed().as_secs() < 5);
    }

    #[test]
    fn arbitrary_text_never_panics(s in "[\\PC一二三四五六七八九十、。，０-９0-9年月日条件<>/tdr ]{0,600}") {
        let _ = check_bytes("fuzz.txt", s.as_bytes());
        let html = format!("<table><tr><td rowspan=\"9\">{s}</td><td colspan=\"70\">1</td></tr></table>");
        let _ = check_bytes("fuzz.html", html.as_bytes());
    }

    #[test]
    fn pdf_and_docx_prefixes_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..2048), pdf in any::<bool>()) {
        let mut b = if pdf { b"%PDF-1.5\n".to_vec() } else { b"PK\x03\x04".to_vec() };
        b.extend(tail);
        let r = check_bytes("fuzz", &b);
        prop_assert!(r.error.is_some() || r.findings.len() < 1000);
    }
}
