//! Extraction of 表二, 表三 and 表四 from a [`Stream`], in form order, with notes on what
//! deviates from the official template (labels, missing rows, blank cells, the 2019 layout).

use gongkai_domain::report::{
    CaseBlock, CaseColumn, CaseTable, ProactiveColumn, ProactiveRow, ProactiveTable, RequestColumn,
    RequestRow, RequestTable, check_request_table,
};

use super::stream::{Stream, split_digits};

/// A template deviation noticed while reading a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableNote {
    /// `table2` / `table3` / `table4`.
    pub table: &'static str,
    /// Chinese description.
    pub message: String,
    /// Quoted text from the report.
    pub evidence: String,
}

/// Which layout a 表二 or 表三 follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// 2021 national format.
    National2021,
    /// 2019 trial format.
    Trial2019,
}

/// Result of reading 表三.
#[derive(Debug, Clone)]
pub struct Table3 {
    /// The table.
    pub table: RequestTable,
    /// Layout of row （六）.
    pub layout: Layout,
    /// Deviations noticed.
    pub notes: Vec<TableNote>,
    /// Number of blank cells.
    pub blank_cells: usize,
    /// Columns that are blank in every row.
    pub blank_columns: Vec<RequestColumn>,
    /// Offset in the stream where the table ends.
    pub end: usize,
    /// How unambiguous the reading was (see [`Reading::unambiguous`]).
    pub reading: Reading,
}

/// What could and could not be read of a table: an error-severity arithmetic finding is only
/// allowed on a table read unambiguously (issue 15: no false alarms on reports never seen).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    /// Template rows not found (for the layout read).
    pub missing_rows: Vec<RequestRow>,
    /// Rows whose cells were not exactly seven (a guess placed them), with the count read.
    pub odd_rows: Vec<(RequestRow, usize)>,
    /// Rows whose run-together digits split more than one way.
    pub split_rows: Vec<RequestRow>,
    /// The text stops inside the table (rows missing at its end, nothing after it).
    pub truncated: bool,
    /// Labels found but not a single number.
    pub no_numbers: bool,
    /// Another plausible reading (named here) was taken because it satisfies the 勾稽关系.
    pub alternative: Option<&'static str>,
}

impl Reading {
    /// Every template row found once with seven cells, nothing guessed, the text complete.
    #[must_use]
    pub fn unambiguous(&self) -> bool {
        self.missing_rows.is_empty()
            && self.odd_rows.is_empty()
            && self.split_rows.is_empty()
            && !self.truncated
            && !self.no_numbers
    }

    /// What could not be read, in Chinese (for `table.unreadable`).
    #[must_use]
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.missing_rows.is_empty() {
            let names: Vec<&str> = self.missing_rows.iter().take(4).map(|r| r.label_zh()).collect();
            let more = if self.missing_rows.len() > 4 { "等" } else { "" };
            parts.push(format!("{} 行未找到（{}{more}）", self.missing_rows.len(), names.join("、")));
        }
        if !self.odd_rows.is_empty() {
            let rows: Vec<String> =
                self.odd_rows.iter().take(4).map(|(r, n)| format!("{}读出{n}个数", r.label_zh())).collect();
            let more = if self.odd_rows.len() > 4 { "等" } else { "" };
            parts.push(format!(
                "{} 行的单元格数不是7（{}{more}），各列位置无法确定",
                self.odd_rows.len(),
                rows.join("、")
            ));
        }
        if !self.split_rows.is_empty() {
            let rows: Vec<&str> = self.split_rows.iter().take(4).map(|r| r.label_zh()).collect();
            parts.push(format!("连在一起的数字有多种拆分（{}）", rows.join("、")));
        }
        parts.join("；")
    }
}

struct RowSpec<R> {
    row: R,
    keys: &'static [&'static str],
    label: &'static str,
}

fn spec3() -> Vec<RowSpec<RequestRow>> {
    use RequestRow as R;
    vec![
        RowSpec {
            row: R::NewReceived,
            keys: &["本年新收", "新收政府信息公开申请"],
            label: "本年新收政府信息公开申请数量",
        },
        RowSpec {
            row: R::CarriedOver, keys: &["上年结转"], label: "上年结转政府信息公开申请数量"
        },
        RowSpec { row: R::Granted, keys: &["予以公开"], label: "予以公开" },
        RowSpec { row: R::PartlyGranted, keys: &["部分公开"], label: "部分公开" },
        RowSpec { row: R::WithheldStateSecret, keys: &["国家秘密"], label: "属于国家秘密" },
        RowSpec {
            row: R::WithheldProhibitedByLaw,
            keys: &["其他法律", "禁止公开", "行政止公开"],
            label: "其他法律行政法规禁止公开",
        },
        RowSpec {
            row: R::WithheldThreeSecurities, keys: &["三安全", "一稳定"], label: "危及三安全一稳定"
        },
        RowSpec {
            row: R::WithheldThirdPartyRights, keys: &["第三方"], label: "保护第三方合法权益"
        },
        RowSpec {
            row: R::WithheldInternalAffairs, keys: &["内部事务"], label: "属于三类内部事务信息"
        },
        RowSpec {
            row: R::WithheldProcessInformation, keys: &["过程性"], label: "属于四类过程性信息"
        },
        RowSpec {
            row: R::WithheldEnforcementFile, keys: &["执法案卷"], label: "属于行政执法案卷"
        },
        RowSpec {
            row: R::WithheldAdministrativeQuery, keys: &["行政查询"], label: "属于行政查询事项"
        },
        RowSpec {
            row: R::UnavailableNotHeld, keys: &["不掌握"], label: "本机关不掌握相关政府信息"
        },
        RowSpec {
            row: R::UnavailableNeedsCreation,
            keys: &["另行制作", "现成信息"],
            label: "没有现成信息需要另行制作",
        },
        RowSpec {
            row: R::UnavailableStillUnclear,
            keys: &["仍不明确", "补正后"],
            label: "补正后申请内容仍不明确",
        },
        RowSpec { row: R::NotProcessedPetition, keys: &["信访"], label: "信访举报投诉类申请" },
        RowSpec { row: R::NotProcessedDuplicate, keys: &["重复申请"], label: "重复申请" },
        RowSpec {
            row: R::NotProcessedPublication, keys: &["出版物"], label: "要求提供公开出版物"
        },
        RowSpec {
            row: R::NotProcessedExcessive,
            keys: &["大量反复", "无正当理由大量"],
            label: "无正当理由大量反复申请",
        },
        RowSpec {
            row: R::NotProcessedConfirmation,
            keys: &["重新出具", "确认或重"],
            label: "要求行政机关确认或重新出具已获取信息",
        },
    ]
}

fn clean_label(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, '“' | '”' | '"' | '\'' | '‘' | '’' | '「' | '」')).collect()
}

fn parse_i64(v: &Option<String>) -> Option<i64> {
    v.as_deref().and_then(|s| s.parse::<i64>().ok())
}

/// Where 表三 starts: of the places naming 本年新收 (the narrative may name it too, before or after
/// the table), the one after which most of the table's rows follow in order; the later one on a tie.
fn table3_start(stream: &Stream) -> Option<usize> {
    let mut starts: Vec<usize> = Vec::new();
    let mut pos = 0;
    while let Some((s, e)) = stream.find_any(&["本年新收"], pos, usize::MAX) {
        starts.push(s);
        pos = e;
        if starts.len() >= 12 {
            break;
        }
    }
    if starts.is_empty() {
        return stream.find_any(&["新收政府信息公开申请"], 0, usize::MAX).map(|(s, _)| s);
    }
    let rows_after = |start: usize| {
        let mut pos = start;
        let mut n = 0;
        for spec in spec3() {
            if let Some((_, e)) = stream.find_any(spec.keys, pos, pos + 1500) {
                n += 1;
                pos = e;
            }
        }
        n
    };
    starts.into_iter().map(|s| (rows_after(s), s)).max().map(|(_, s)| s)
}

/// Read 表三 from the stream.
#[must_use]
pub fn table3(stream: &Stream) -> Option<Table3> {
    let start = table3_start(stream)?;
    // Rows in form order: (row, key start, key end, label).
    let mut found: Vec<(RequestRow, usize, usize, &'static str)> = Vec::new();
    let mut pos = start;
    let window = 1500;
    for spec in spec3() {
        if let Some((s, e)) = stream.find_any(spec.keys, pos, pos + window) {
            found.push((spec.row, s, e, spec.label));
            pos = e;
        }
    }
    // Row （六）: three sub-rows (2021) or one row (2019).
    let layout;
    let total_at = stream.find_any(&["总计", "合计"], pos, pos + window);
    let limit6 = total_at.map_or(pos + window, |(s, _)| s);
    if let Some((s, e)) = stream.find_any(&["逾期不补正", "不补正"], pos, limit6) {
        layout = Layout::National2021;
        found.push((
            RequestRow::OtherCorrectionLapsed,
            s,
            e,
            "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ));
        pos = e;
        if let Some((s, e)) = stream.find_any(&["缴纳费用", "收费通知"], pos, limit6) {
            found.push((
                RequestRow::OtherFeeUnpaid,
                s,
                e,
                "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            ));
            pos = e;
        }
        if let Some((s, e)) = stream.find_any(&["其他"], pos, limit6) {
            found.push((RequestRow::OtherOther, s, e, "其他"));
            pos = e;
        }
    } else if let Some((s, e)) = stream.find_any(&["其他处理"], pos, limit6) {
        layout = Layout::Trial2019;
        found.push((RequestRow::Other, s, e, "其他处理"));
        pos = e;
    } else {
        layout = Layout::National2021;
    }
    if let Some((s, e)) = stream.find_any(&["总计", "合计"], pos, pos + window) {
        found.push((RequestRow::ResultsTotal, s, e, "总计"));
        pos = e;
    }
    if let Some((s, e)) = stream.find_any(&["结转下年", "结转下一年", "继续办理"], pos, pos + window)
    {
        found.push((RequestRow::CarriedForward, s, e, "结转下年度继续办理"));
    }
    // Fewer than four rows: a table only if it starts with 一、本年新收 and 二、上年结转, each with a
    // full row of seven cells (a page cut off early in 表三, not a sentence naming the rows).
    if found.len() < 4 {
        let full_row = |k: usize| {
            found.get(k).is_some_and(|f| {
                let next = found.get(k + 1).map_or_else(|| last_row_end(stream, f.2), |n| n.1);
                stream.values_between(f.2, next).len() >= 7
            })
        };
        let starts = found.first().is_some_and(|f| f.0 == RequestRow::NewReceived)
            && found.get(1).is_some_and(|f| f.0 == RequestRow::CarriedOver);
        if !(starts && full_row(0) && full_row(1)) {
            return None;
        }
    }
    let template = match layout {
        Layout::National2021 => RequestRow::national2021(),
        Layout::Trial2019 => RequestRow::trial2019(),
    };
    let mut notes = Vec::new();
    let mut prev_values_end = start;
    let mut end = start;
    // Each row's values: the sentinels between its label and the next label (the last row: the
    // run of values after its label, up to the next words).
    let mut raws: Vec<(RequestRow, Vec<usize>)> = Vec::new();
    for (k, (row, s, e, label)) in found.iter().enumerate() {
        let next = found.get(k + 1).map_or_else(|| last_row_end(stream, *e), |f| f.1);
        let all: Vec<usize> = stream.values_between(*e, next);
        let idx: Vec<usize> = all.iter().copied().take(7).collect();
        // Label text: from the previous row's values to this row's first value.
        let label_end = idx.first().map_or(*e, |i| stream.offsets[*i]);
        let seen = clean_label(&stream.text(prev_values_end.min(*s), label_end));
        if !seen.contains(&clean_label(label)) {
            notes.push(TableNote {
                table: "table3",
                message: format!("表三行标签与模板不符（模板：“{}”）", row.label_zh()),
                evidence: truncate(&seen, 60),
            });
        }
        if let Some(last) = idx.last() {
            prev_values_end = stream.offsets[*last] + super::stream::SENTINEL.len_utf8();
            end = prev_values_end;
        }
        raws.push((*row, all));
    }
    let mut reading = Reading {
        missing_rows: template.iter().copied().filter(|r| !found.iter().any(|f| f.0 == *r)).collect(),
        ..Reading::default()
    };
    // Truncated: the table's last row is missing and no numbers follow.
    if template.last().is_some_and(|r| reading.missing_rows.contains(r)) {
        reading.truncated = stream.values_between(end, stream.flat.len()).len() < 7;
    }
    reading.no_numbers = raws.iter().all(|(_, v)| v.iter().all(|i| stream.values[*i].is_none()));
    let (table, odd, split) = place_rows(stream, &raws, Placement::First);
    reading.odd_rows = odd;
    reading.split_rows = split;
    let table = if reading.unambiguous() || check_request_table(&table).is_empty() {
        table
    } else {
        // Other plausible readings: the last seven values of a long row, the lost cell of a
        // six-cell row in each applicant column, the other splits of run-together digits.
        let mut alternatives = vec![Placement::Last];
        alternatives.extend((0..6).map(Placement::SixMissing));
        alternatives.extend((1..8).map(Placement::Split));
        alternatives
            .into_iter()
            .map(|p| (p, place_rows(stream, &raws, p).0))
            .find(|(_, t)| !t.is_empty() && check_request_table(t).is_empty())
            .map_or(table, |(p, t)| {
                reading.alternative = Some(p.name());
                t
            })
    };
    let blank_cells = table.0.values().flat_map(|r| r.values()).filter(|v| v.is_none()).count();
    let blank_columns = RequestColumn::ALL
        .into_iter()
        .filter(|c| table.0.values().all(|r| r.get(c).copied().flatten().is_none()))
        .collect();
    Some(Table3 { table, layout, notes, blank_cells, blank_columns, end, reading })
}

/// Where the last row's values end: at the first word after its first value.
fn last_row_end(stream: &Stream, from: usize) -> usize {
    let limit = (from + 400).min(stream.flat.len());
    let Some(first) = stream.values_between(from, limit).first().map(|i| stream.offsets[*i]) else {
        return limit;
    };
    stream.flat[first..]
        .char_indices()
        .find(|(_, c)| ('\u{4e00}'..='\u{9fff}').contains(c))
        .map_or(limit, |(i, _)| (first + i).min(limit))
}

/// How the values of a row are placed in its seven cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placement {
    /// The first seven; a short row left-aligned with its last value as 总计; run-together digits
    /// split by their first solution.
    First,
    /// A long row's last seven.
    Last,
    /// A six-value row lost its cell in this applicant column.
    SixMissing(usize),
    /// Run-together digits split by their n-th solution.
    Split(usize),
}

impl Placement {
    fn name(self) -> &'static str {
        match self {
            Self::First => "按顺序读",
            Self::Last => "取每行最后7个数",
            Self::SixMissing(_) => "六个数的行缺一列申请人",
            Self::Split(_) => "连写数字的另一种拆分",
        }
    }
}

/// Place every row's values; returns the table, the rows whose cell count was not seven and the
/// rows whose digits split more than one way.
fn place_rows(
    stream: &Stream,
    raws: &[(RequestRow, Vec<usize>)],
    placement: Placement,
) -> (RequestTable, Vec<(RequestRow, usize)>, Vec<RequestRow>) {
    let row_ok = |c: &[i64]| c[..6].iter().sum::<i64>() == c[6];
    let mut table = RequestTable::default();
    let mut odd = Vec::new();
    let mut split = Vec::new();
    for (row, idx) in raws {
        let idx = trim_blanks(stream, idx, 7);
        let raw: Vec<&Option<String>> = idx.iter().map(|i| &stream.values[*i]).collect();
        let cells: Vec<Option<i64>> = if raw.len() >= 7 {
            if raw.len() > 7 {
                odd.push((*row, raw.len()));
            }
            let from = if placement == Placement::Last { raw.len() - 7 } else { 0 };
            raw[from..from + 7].iter().map(|v| parse_i64(v)).collect()
        } else if raw.is_empty() {
            continue;
        } else if let Some(sols) = run_together(&raw, &row_ok) {
            if sols.len() > 1 {
                split.push(*row);
            }
            let k = if let Placement::Split(k) = placement { k.min(sols.len() - 1) } else { 0 };
            sols[k].iter().map(|v| Some(*v)).collect()
        } else {
            odd.push((*row, raw.len()));
            let mut cells = vec![None; 7];
            match placement {
                Placement::SixMissing(p) if raw.len() == 6 => {
                    let mut k = 0;
                    for (slot, cell) in cells.iter_mut().enumerate() {
                        if slot != p {
                            *cell = parse_i64(raw[k]);
                            k += 1;
                        }
                    }
                }
                _ => {
                    // Blank cells lost in a text layer: left-align, last value is the total.
                    for (k, v) in raw.iter().enumerate() {
                        let slot = if k + 1 == raw.len() { 6 } else { k };
                        cells[slot] = parse_i64(v);
                    }
                }
            }
            cells
        };
        for (col, v) in RequestColumn::ALL.iter().zip(cells) {
            table.set(*row, *col, v);
        }
    }
    (table, odd, split)
}

/// More than `n` values of which the extra ones are blank cells at either end (the empty label
/// cells of a Markdown or flattened row, a header's empty cells): drop those blanks.
fn trim_blanks(stream: &Stream, idx: &[usize], n: usize) -> Vec<usize> {
    let mut v: Vec<usize> = idx.to_vec();
    while v.len() > n && v.last().is_some_and(|i| stream.values[*i].is_none()) {
        v.pop();
    }
    let lead = v.iter().take_while(|i| stream.values[**i].is_none()).count().min(v.len().saturating_sub(n));
    v.drain(..lead);
    v
}

/// Fewer than seven all-digit values: split the joined digits so the row adds up.
fn run_together(raw: &[&Option<String>], ok: &dyn Fn(&[i64]) -> bool) -> Option<Vec<Vec<i64>>> {
    if !raw.iter().all(|v| v.as_deref().is_some_and(|s| s.bytes().all(|b| b.is_ascii_digit()))) {
        return None;
    }
    let joined: String = raw.iter().filter_map(|v| v.as_deref()).collect();
    let sols = split_digits(&joined, 7, ok, 8);
    (!sols.is_empty()).then_some(sols)
}

/// 表四's column labels (结果维持 … 总计) in the stream between `from` and `to`, as
/// `(start, end, column index)`.
fn case_labels(stream: &Stream, from: usize, to: usize) -> Vec<(usize, usize, usize)> {
    const KEYS: [(&str, usize); 8] = [
        ("结果维持", 0),
        ("维持", 0),
        ("结果纠正", 1),
        ("纠正", 1),
        ("其他结果", 2),
        ("尚未审结", 3),
        ("总计", 4),
        ("合计", 4),
    ];
    let keys: Vec<&str> = KEYS.iter().map(|k| k.0).collect();
    let mut out = Vec::new();
    let mut pos = from;
    while let Some((s, e)) = stream.find_any(&keys, pos, to) {
        let text = &stream.flat[s..e];
        let col = KEYS.iter().find(|k| k.0 == text).map_or(0, |k| k.1);
        out.push((s, e, col));
        pos = e;
    }
    out
}

/// Read 表四 (15 numbers) from the stream, starting at `from`. Three layouts: one row of 15
/// values after the header (also when the header is split into two rows or the table into two
/// tables), one value after each of the 15 labels (laid out vertically), and the transposed
/// form with one row per result (结果维持 … 总计) and one column per block (行政复议, 未经复议直接起诉,
/// 复议后起诉).
#[must_use]
pub fn table4(stream: &Stream, from: usize) -> Option<(CaseTable, usize)> {
    table4_read(stream, from).map(|t| (t.table, t.at))
}

/// 表四 as read, with whether the reading was unambiguous.
#[derive(Debug, Clone)]
pub struct Table4 {
    /// The table.
    pub table: CaseTable,
    /// Offset of its heading.
    pub at: usize,
    /// Exactly fifteen cells under a header of column labels (or the transposed or vertical
    /// layout), nothing guessed: only then may a T4-1 failure be an error.
    pub unambiguous: bool,
}

/// Read 表四 (see [`table4`]) and say whether the reading was unambiguous.
#[must_use]
pub fn table4_read(stream: &Stream, from: usize) -> Option<Table4> {
    let (hs, _) = stream.find_any(
        &["行政复议、行政诉讼情况", "行政复议行政诉讼情况", "行政复议、行政诉讼", "提起行政诉讼情况"],
        from,
        usize::MAX,
    )?;
    // The region ends at the next part (also 表三 or 表二 when the parts are reordered).
    let region_end = stream
        .find_any(
            &["存在的主要问题", "五、", "收到和处理政府信息公开申请", "本年新收", "第二十条第"],
            hs + 3,
            usize::MAX,
        )
        .map_or(stream.flat.len(), |(s, _)| s);
    let labels = case_labels(stream, hs, region_end);
    if let Some(cells) = transposed_cases(stream, &labels, region_end) {
        return Some(Table4 { table: case_table(&cells), at: hs, unambiguous: true });
    }
    // Values start at the first column label (a sentence between the heading and the table
    // may hold numbers of its own), unless that leaves too few.
    let from_labels = labels.first().map(|l| stream.values_between(l.0, region_end));
    let (idx, from_header) = match from_labels {
        Some(v) if v.len() >= 15 => (trim_blanks(stream, &v, 15), true),
        _ => (stream.values_between(hs, region_end), false),
    };
    let (cells, unique) = row_of_cases(stream, &idx)?;
    // A header: at least four column labels before the first value; or the vertical layout,
    // one value after each of fifteen labels.
    let first_value = idx.first().map_or(region_end, |i| stream.offsets[*i]);
    let header = labels.iter().filter(|l| l.0 < first_value).count() >= 4;
    let vertical = labels.len() >= 15;
    let unambiguous =
        from_header && idx.len() == 15 && (header || vertical) || (header && unique && idx.len() < 15);
    Some(Table4 { table: case_table(&cells), at: hs, unambiguous })
}

fn case_table(cells: &[Option<i64>]) -> CaseTable {
    let mut t = CaseTable::default();
    for (b, block) in CaseBlock::ALL.iter().enumerate() {
        for (c, col) in CaseColumn::ALL.iter().enumerate() {
            t.set(*block, *col, cells.get(b * 5 + c).copied().flatten());
        }
    }
    t
}

/// The 15 cells in block order from value indices (run-together digits split so that every
/// block adds up), and whether they were read one way only.
fn row_of_cases(stream: &Stream, idx: &[usize]) -> Option<(Vec<Option<i64>>, bool)> {
    if idx.is_empty() {
        return None;
    }
    let block_ok = |c: &[i64]| c.chunks(5).all(|b| b.len() < 5 || b[..4].iter().sum::<i64>() == b[4]);
    let raw: Vec<usize> = idx.iter().copied().take(15).collect();
    if raw.len() == 15 {
        return Some((raw.iter().map(|i| parse_i64(&stream.values[*i])).collect(), true));
    }
    let joined: String = raw.iter().filter_map(|i| stream.values[*i].as_deref()).collect();
    let sols = split_digits(&joined, 15, &block_ok, 4);
    Some((sols.first()?.iter().map(|v| Some(*v)).collect(), sols.len() == 1))
}

/// The transposed layout: five result labels in order, each followed by exactly three values
/// (one per block).
fn transposed_cases(
    stream: &Stream,
    labels: &[(usize, usize, usize)],
    region_end: usize,
) -> Option<Vec<Option<i64>>> {
    // The five labels must be consecutive, in template order, with values between them.
    let start = labels.iter().position(|l| l.2 == 0)?;
    let five = labels.get(start..start + 5)?;
    if five.iter().enumerate().any(|(k, l)| l.2 != k) {
        return None;
    }
    let mut cells = vec![None; 15];
    for (k, l) in five.iter().enumerate() {
        let next = labels.get(start + k + 1).map_or(region_end, |n| n.0);
        let idx = stream.values_between(l.1, next);
        let take = if k == 4 { idx.len().min(3) } else { idx.len() };
        if take != 3 {
            return None;
        }
        for (b, i) in idx.iter().take(3).enumerate() {
            cells[b * 5 + l.2] = parse_i64(&stream.values[*i]);
        }
    }
    Some(cells)
}

/// Result of reading 表二.
#[derive(Debug, Clone)]
pub struct Table2 {
    /// The table.
    pub table: ProactiveTable,
    /// Column layout.
    pub layout: Layout,
    /// Deviations noticed.
    pub notes: Vec<TableNote>,
}

/// Read 表二 from the stream.
#[must_use]
pub fn table2(stream: &Stream) -> Option<Table2> {
    let (start, _) =
        stream.find_any(&["第二十条第（一）项", "第二十条第(一)项", "信息内容"], 0, usize::MAX)?;
    let end = stream
        .find_any(&["收到和处理政府信息公开申请", "本年新收"], start, usize::MAX)
        .map_or((start + 2000).min(stream.flat.len()), |(s, _)| s);
    let region = stream.text(start, end);
    // The 2019 trial format's columns (本年新制作数量 / 本年新公开数量 / 对外公开总数量, 上一年项目数量 /
    // 本年增/减, 采购项目数量 / 采购总金额) against the 2021 ones (本年制发件数 / 本年废止件数 / 现行有效件数).
    let trial =
        ["新制作", "新公开数量", "对外公开总数", "上一年项目", "本年增", "采购项目数量", "采购总金额"]
            .iter()
            .filter(|k| region.contains(*k))
            .count();
    let national =
        ["制发件数", "废止件数", "现行有效", "收费金额"].iter().filter(|k| region.contains(*k)).count();
    let layout = if trial > national { Layout::Trial2019 } else { Layout::National2021 };
    use ProactiveColumn as C;
    use ProactiveRow as R;
    let specs: Vec<(R, &[&str], &str, Vec<C>)> = match layout {
        Layout::National2021 => vec![
            (R::Rules, &["规章"], "规章", vec![C::Issued, C::Repealed, C::InForce]),
            (
                R::NormativeDocuments,
                &["规范性文件"],
                "行政规范性文件",
                vec![C::Issued, C::Repealed, C::InForce],
            ),
            (R::Licensing, &["行政许可"], "行政许可", vec![C::Decisions]),
            (R::Penalties, &["行政处罚"], "行政处罚", vec![C::Decisions]),
            (R::Enforcement, &["行政强制"], "行政强制", vec![C::Decisions]),
            (R::FeesCollected, &["行政事业性收费", "事业性收费"], "行政事业性收费", vec![C::AmountWanYuan]),
        ],
        Layout::Trial2019 => vec![
            (R::Rules, &["规章"], "规章", vec![C::NewMade, C::NewPublished, C::PublishedTotal]),
            (
                R::NormativeDocuments,
                &["规范性文件"],
                "规范性文件",
                vec![C::NewMade, C::NewPublished, C::PublishedTotal],
            ),
            (R::Licensing, &["行政许可"], "行政许可", vec![C::PreviousItems, C::Change, C::Decisions]),
            (
                R::OtherServices,
                &["其他对外管理服务事项", "对外管理服务"],
                "其他对外管理服务事项",
                vec![C::PreviousItems, C::Change, C::Decisions],
            ),
            (R::Penalties, &["行政处罚"], "行政处罚", vec![C::PreviousItems, C::Change, C::Decisions]),
            (R::Enforcement, &["行政强制"], "行政强制", vec![C::PreviousItems, C::Change, C::Decisions]),
            (
                R::FeesCollected,
                &["行政事业性收费", "事业性收费"],
                "行政事业性收费",
                vec![C::PreviousItems, C::Change],
            ),
            (R::Procurement, &["政府集中采购", "集中采购"], "政府集中采购", vec![C::Items, C::AmountYuan]),
        ],
    };
    let mut found = Vec::new();
    let mut pos = start;
    for (row, keys, label, cols) in specs {
        if let Some((s, e)) = stream.find_any(keys, pos, end) {
            found.push((row, s, e, label, cols));
            pos = e;
        }
    }
    if found.is_empty() {
        return None;
    }
    let mut table = ProactiveTable::default();
    let mut notes = Vec::new();
    let mut prev_end = start;
    for (k, (row, s, e, label, cols)) in found.iter().enumerate() {
        let next = found.get(k + 1).map_or(end, |f| f.1);
        let idx = stream.values_between(*e, next);
        // The label as printed: the text since the previous row's values up to the key's end.
        let seen = stream.text(prev_end.min(*s), *e);
        if let Some(last) = idx.iter().take(cols.len()).next_back() {
            prev_end = stream.offsets[*last];
        }
        if layout == Layout::National2021 && !seen.ends_with(label) {
            let printed = stream.text(*s, *e);
            notes.push(TableNote {
                table: "table2",
                message: format!("表二行标签“{printed}”与2021年模板不符（模板：“{label}”）"),
                evidence: printed,
            });
        }
        for (col, i) in cols.iter().zip(idx.iter()) {
            let v = stream.values[*i].as_deref().and_then(|s| s.parse::<f64>().ok());
            table.set(*row, *col, v);
        }
    }
    Some(Table2 { table, layout, notes })
}

/// Cut `s` to at most `n` characters.
#[must_use]
pub fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(n).collect();
        t.push('…');
        t
    }
}
