//! True and false positives for every rule of the scanner.

#![allow(clippy::unwrap_used)]

use rstest::rstest;

use super::*;
use crate::ids::resident_id_check_char;

/// A valid ID from its first 17 digits.
fn id(first17: &str) -> String {
    let c = resident_id_check_char(first17.as_bytes()).expect("17 digits");
    format!("{first17}{c}")
}

/// A Luhn-valid number from its body.
fn card(body: &str) -> String {
    for d in 0..10 {
        let s = format!("{body}{d}");
        if numbers_luhn(&s) {
            return s;
        }
    }
    unreachable!()
}

fn numbers_luhn(d: &str) -> bool {
    let mut sum = 0;
    for (i, b) in d.bytes().rev().enumerate() {
        let mut v = u32::from(b - b'0');
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

fn kinds(text: &str) -> Vec<FindingKind> {
    scan(text, &ScanSettings::default()).into_iter().map(|f| f.kind).collect()
}

fn only(text: &str, kind: FindingKind) -> SensitiveFinding {
    let f = scan(text, &ScanSettings::default());
    assert_eq!(f.len(), 1, "{text}: {f:#?}");
    assert_eq!(f[0].kind, kind, "{text}");
    f[0].clone()
}

#[test]
fn resident_id_in_a_sentence_is_found_and_masked() {
    let n = id("35042519800101123");
    let text = format!("申请人张三，身份证号：{n}，现申请公开。");
    let f = only(&text, FindingKind::ResidentId);
    assert_eq!(f.matched, n);
    assert_eq!(f.masked, format!("35*************{}", &n[15..]));
    assert_eq!(&text[f.start..f.end], n);
    assert!(!f.excerpt.contains(&n), "excerpt shows the masked form: {}", f.excerpt);
    assert!(f.excerpt.contains("身份证号："));
}

#[test]
fn resident_id_with_x_lowercase_and_full_width() {
    only("号码11010519491231002x。", FindingKind::ResidentId);
    let fw: String = "11010519491231002X"
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap()
            } else {
                'Ｘ'
            }
        })
        .collect();
    let f = only(&format!("身份证{fw}"), FindingKind::ResidentId);
    assert_eq!(f.masked, "11*************02X");
}

#[test]
fn checksum_failing_ids_are_only_possible() {
    // Correct is …002X; …0021 fails the check but has a plausible region and birth date.
    let f = only("身份证号110105194912310021", FindingKind::PossibleResidentId);
    assert_eq!(f.kind.severity(), Severity::Low);
    assert_eq!(f.masked, "11*************021");
    // Implausible date (month 78) and failing checksum: nothing at all.
    assert!(kinds("编号123456789012345678").is_empty());
}

#[rstest]
#[case::inside_longer_run("流水号91101051949123100299")]
#[case::index_number_credit_code("索引号：11350100MB0123456X/2024-00012")]
#[case::index_number_org_code("索引号 000014349/2024-00094")]
#[case::id_glued_to_index_tail("11010519491231002X/2024-00012")]
#[case::eleven_digits_in_index("13500000001/2024-00012")]
#[case::doc_number("永政办〔2024〕12号")]
#[case::not_a_mobile_prefix("编号12345678901")]
#[case::not_a_mobile_prefix_10("10086123456")]
#[case::landline("电话：0598-3612345")]
#[case::amount_yuan("下达资金13812345678元")]
#[case::amount_decimal("合计13812345678.50")]
#[case::amount_currency("￥13812345678")]
#[case::url("见 http://www.example.cn/art/2024/13812345678.html")]
#[case::date("2024年10月12日")]
#[case::luhn_failing_card("卡号6222021234567890123")]
#[case::long_serial_first_digit_1("订单1234567890123452")]
#[case::government_mailbox("邮箱：xxgk@ya.gov.cn")]
#[case::office_address("办公地址：福建省永安市燕江中路88号")]
#[case::street_without_levels("中山路88号")]
#[case::numbered_group("第3组")]
#[case::state_secret_term("涉及国家秘密的政府信息不予公开")]
#[case::levels_enumerated("国家秘密的密级分为绝密、机密、秘密三级")]
#[case::commercial_secret("不得泄露商业机密")]
#[case::level_name("机密级国家秘密")]
fn no_false_positives(#[case] text: &str) {
    let f = scan(text, &ScanSettings::default());
    assert!(f.is_empty(), "{text}: {f:#?}");
}

#[rstest]
#[case("联系电话：13812345678。", "138****5678")]
#[case("手机 138 1234 5678 联系", "138****5678")]
#[case("手机138-1234-5678", "138****5678")]
#[case("Tel13812345678", "138****5678")]
#[case("电话 +8613812345678", "+86138****5678")]
#[case("电话１３８１２３４５６７８", "138****5678")]
#[case("19912345678", "199****5678")]
fn mobiles(#[case] text: &str, #[case] masked: &str) {
    assert_eq!(only(text, FindingKind::Mobile).masked, masked);
}

#[test]
fn bank_cards_are_luhn_checked() {
    let c16 = card("622202123456789");
    let f = only(&format!("账号：{c16}"), FindingKind::BankCard);
    assert_eq!(f.masked, format!("************{}", &c16[12..]));
    let c19 = card("621700123456789012");
    assert_eq!(only(&c19, FindingKind::BankCard).masked.len(), 19);
    let grouped = format!("{} {} {} {} {}", &c19[..4], &c19[4..8], &c19[8..12], &c19[12..16], &c19[16..]);
    let f = only(&format!("开户行卡号 {grouped} 户名"), FindingKind::BankCard);
    assert_eq!(f.matched, grouped);
    // One digit changed: Luhn fails.
    let mut bad = c16.clone().into_bytes();
    bad[15] = if bad[15] == b'9' { b'0' } else { bad[15] + 1 };
    assert!(kinds(&String::from_utf8(bad).unwrap()).is_empty());
}

#[test]
fn individual_business_codes_only_when_configured() {
    let body = "92350425MA2Y00001";
    let c = crate::ids::credit_code_check_char(body).unwrap();
    let code = format!("{body}{c}");
    let text = format!("经营者统一社会信用代码：{code}。");
    assert!(kinds(&text).is_empty());
    let on = ScanSettings { flag_individual_business_codes: true, ..ScanSettings::default() };
    let f = scan(&text, &on);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].kind, FindingKind::IndividualBusinessCode);
    assert_eq!(f[0].masked, "92350425**********");
    // A company (91…) is not an individual.
    let body = "91350100M000100Y4";
    let c = crate::ids::credit_code_check_char(body).unwrap();
    assert!(scan(&format!("代码 {body}{c}"), &on).is_empty());
    // Wrong check character.
    assert!(scan(&format!("代码 {body}{}", if c == '0' { '1' } else { '0' }), &on).is_empty());
}

#[test]
fn emails() {
    let f = only("联系邮箱：zhangsan.1990@163.com。", FindingKind::Email);
    assert_eq!(f.matched, "zhangsan.1990@163.com");
    assert_eq!(f.masked, "z***@163.com");
    assert!(kinds("a@b").is_empty());
}

#[rstest]
#[case("该户家住福建省永安市燕西街道吉山村12号，", "福建省永安市燕西街道****")]
#[case("住址：清流县嵩口镇东坑村3组", "清流县嵩口镇****")]
#[case("福建省三明市三元区列东街88号", "福建省三明市三元区****")]
#[case("永安市燕南街道小陶路8号3栋2单元501室", "永安市燕南街道****")]
fn home_addresses(#[case] text: &str, #[case] masked: &str) {
    let f = only(text, FindingKind::HomeAddress);
    assert_eq!(f.masked, masked, "{}", f.matched);
}

#[test]
fn address_match_covers_the_dwelling_unit() {
    let f = only("永安市燕南街道小陶路8号3栋2单元501室。", FindingKind::HomeAddress);
    assert!(f.matched.ends_with("501室"), "{}", f.matched);
}

#[rstest]
#[case("机密★1年\n关于……的通知", "机密★1年")]
#[case("绝密★\n", "绝密★")]
#[case("秘密\n关于……", "秘密")]
#[case("本材料为内部资料，注意保存", "内部资料")]
#[case("此件不得外传", "不得外传")]
#[case("附件为机密文件", "机密")]
fn secrecy_markings(#[case] text: &str, #[case] matched: &str) {
    let f = only(text, FindingKind::SecrecyMarking);
    assert_eq!(f.matched, matched);
    assert_eq!(f.masked, f.matched);
    assert!(!f.kind.maskable());
}

#[test]
fn agency_words_are_case_insensitive_for_latin() {
    let s = ScanSettings {
        extra_words: vec!["ProjectX".into(), " ".into(), "试点方案（草案）".into()],
        ..Default::default()
    };
    let f = scan("关于projectx的说明；试点方案（草案）", &s);
    assert_eq!(f.iter().map(|f| f.kind).collect::<Vec<_>>(), vec![FindingKind::AgencyWord; 2]);
    assert_eq!(f[0].matched, "projectx");
}

#[test]
fn positions_lines_and_columns() {
    let text = "第一行\n第二行电话13812345678\n";
    let f = only(text, FindingKind::Mobile);
    assert_eq!((f.line, f.column_chars), (2, 6));
    assert!(f.excerpt.contains('⏎'));
}

#[test]
fn mask_replaces_maskable_findings_only() {
    let n = id("35042519800101123");
    let text = format!("机密★\n张三 {n} 电话13812345678");
    let f = scan(&text, &ScanSettings::default());
    assert_eq!(f.len(), 3);
    let masked = mask(&text, &f);
    assert_eq!(masked, format!("机密★\n张三 35*************{} 电话138****5678", &n[15..]));
    assert!(scan(&masked, &ScanSettings::default()).iter().all(|f| f.kind == FindingKind::SecrecyMarking));
}

#[test]
fn parts_are_labelled() {
    let found = scan_parts([("正文", "无"), ("名单.xlsx", "李四\t13912345678")], &ScanSettings::default());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].source, "名单.xlsx");
}

#[test]
fn a_roster_finds_every_row() {
    let mut text = String::from("序号\t姓名\t身份证号\t联系电话\n");
    for i in 0..50u32 {
        let n = id(&format!("350425198{:01}0{:01}01{:03}", i % 10, i % 9 + 1, i));
        text.push_str(&format!("{i}\t某某\t{n}\t1391234{i:04}\n"));
    }
    let f = scan(&text, &ScanSettings::default());
    assert_eq!(f.iter().filter(|f| f.kind == FindingKind::ResidentId).count(), 50);
    assert_eq!(f.iter().filter(|f| f.kind == FindingKind::Mobile).count(), 50);
}

#[test]
fn every_kind_has_labels() {
    for k in [
        FindingKind::ResidentId,
        FindingKind::PossibleResidentId,
        FindingKind::Mobile,
        FindingKind::BankCard,
        FindingKind::IndividualBusinessCode,
        FindingKind::Email,
        FindingKind::HomeAddress,
        FindingKind::SecrecyMarking,
        FindingKind::AgencyWord,
    ] {
        assert!(!k.label_zh().is_empty() && !k.hint_zh().is_empty());
    }
}

#[test]
fn valid_id_inside_a_longer_digit_run_is_not_flagged() {
    let n = id("35042519800101123");
    assert!(n.bytes().all(|b| b.is_ascii_digit()), "pick a body whose check character is a digit");
    assert!(kinds(&format!("流水号12{n}34")).is_empty());
    assert_eq!(kinds(&format!("流水号 {n} ")), vec![FindingKind::ResidentId]);
}
