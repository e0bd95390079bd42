//! One function per action of the request state machine: each checks the action's own
//! particulars (the kind, the state and the date were checked by [`super::apply`] already),
//! changes the facts, and returns the history entry's texts (staff, public).

use super::{
    ActionContext, CONSULTATION_WORKDAYS, CORRECTION_NOTICE_WORKDAYS, ConsultationRecord, ConsultationResult,
    CorrectionRecord, Decision, DeliveryRecord, DisclosureRequest, ExtensionRecord, FeeMethod, FeeRecord,
    Handler, LetterKind, OtherReason, Outcome, PAYMENT_WORKDAYS, Refusal, RequestState, Rules,
    UnavailableReason, fmt_date, quote,
};
use crate::clock::{ClockSettings, ConsultationKind};
use chrono::NaiveDate;

/// The history entry's texts: for staff, and for the applicant's tracking page (`None`:
/// internal only).
pub(super) type Entry = (String, Option<String>);

/// An action being applied: the facts before, the facts after, and what it yields besides.
pub(super) struct Draft<'a> {
    pub(super) before: &'a DisclosureRequest,
    pub(super) ctx: &'a ActionContext<'a>,
    pub(super) after: DisclosureRequest,
    pub(super) warnings: Vec<String>,
    pub(super) letter: Option<LetterKind>,
}

fn text(s: &str) -> String {
    s.trim().to_owned()
}

/// A history entry shown alike to staff and the applicant.
fn same(s: String) -> Entry {
    (s.clone(), Some(s))
}

impl<'a> Draft<'a> {
    pub(super) fn new(before: &'a DisclosureRequest, ctx: &'a ActionContext<'a>) -> Self {
        Self { before, ctx, after: before.clone(), warnings: Vec::new(), letter: None }
    }

    /// 指定承办人: the handler who prepares the reply.
    pub(super) fn assign(&mut self, handler_id: i64, handler_name: &str) -> Result<Entry, Refusal> {
        let name = text(handler_name);
        if name.is_empty() {
            return Err(Refusal::new("handler_required", "请选择承办人"));
        }
        self.after.handler = Some(Handler { id: handler_id, name: name.clone() });
        Ok((format!("指定承办人：{name}"), None))
    }

    /// 确认收到申请: fixes 收到申请之日 (条例第三十一条); the receipt letter goes out.
    pub(super) fn confirm_receipt(&mut self, on: NaiveDate) -> Result<Entry, Refusal> {
        self.after.received_on = Some(on);
        self.after.state = RequestState::InProgress;
        self.letter = Some(LetterKind::Receipt);
        Ok(same(format!("确认收到申请，收到申请之日为{}（条例第三十一条）", fmt_date(on))))
    }

    /// 补正告知书 (条例第三十条): once, listing everything, with a reasonable deadline, within
    /// 7 working days of receipt (a later notice is recorded with a warning).
    pub(super) fn request_correction(
        &mut self,
        on: NaiveDate,
        deadline: NaiveDate,
        items: &str,
    ) -> Result<Entry, Refusal> {
        let items = text(items);
        if items.is_empty() {
            return Err(Refusal::new("items_required", "请写明需要补正的事项（一次性告知）"));
        }
        if deadline <= on {
            return Err(Refusal::new("deadline_invalid", "补正期限应晚于告知之日"));
        }
        if let Some(received) = self.before.received_on {
            let used = self.ctx.calendar.workdays_between(received, on);
            if used > CORRECTION_NOTICE_WORKDAYS {
                self.warnings.push(format!(
                    "补正告知书应自收到申请之日起7个工作日内作出（条例第三十条），本次已是第{used}个工作日"
                ));
            }
        }
        self.after.correction = Some(CorrectionRecord {
            notice_on: on,
            deadline,
            items: items.clone(),
            corrected_on: None,
            corrected_note: String::new(),
            lapsed_on: None,
        });
        self.after.state = RequestState::AwaitingCorrection;
        self.letter = Some(LetterKind::CorrectionNotice);
        Ok((
            format!("出具补正告知书，补正期限至{}；补正事项：{items}", fmt_date(deadline)),
            Some(format!("本机关告知申请人补正申请，补正期限至{}", fmt_date(deadline))),
        ))
    }

    /// The corrected application arrived (条例第三十条): the reply period restarts from this
    /// day; after the deadline it is recorded with a warning (正当理由).
    pub(super) fn record_correction(&mut self, on: NaiveDate, note: &str) -> Result<Entry, Refusal> {
        let c =
            self.after.correction.as_mut().ok_or_else(|| Refusal::new("invalid_state", "没有补正告知"))?;
        if on < c.notice_on {
            return Err(Refusal::new("date_invalid", "补正日期不能早于补正告知之日"));
        }
        if on > c.deadline {
            self.warnings.push("补正材料在补正期限之后收到；如申请人有正当理由，可继续办理".to_owned());
        }
        c.corrected_on = Some(on);
        c.corrected_note = text(note);
        self.after.state = RequestState::InProgress;
        Ok(same(format!("收到补正后的申请（{}），答复期限自该日起重新计算（条例第三十条）", fmt_date(on))))
    }

    /// No correction by the deadline: 视为放弃申请 (条例第三十条) → 表三 （六）1.
    pub(super) fn correction_lapsed(&mut self, on: NaiveDate) -> Result<Entry, Refusal> {
        let c =
            self.after.correction.as_mut().ok_or_else(|| Refusal::new("invalid_state", "没有补正告知"))?;
        if on <= c.deadline {
            return Err(Refusal::new(
                "not_lapsed",
                format!("补正期限至{}，期限届满后才能视为放弃申请", fmt_date(c.deadline)),
            ));
        }
        c.lapsed_on = Some(on);
        let outcome = Outcome::Other(OtherReason::CorrectionLapsed);
        self.close_with(on, outcome, "申请人无正当理由逾期不补正，视为放弃申请，本机关不再处理该申请。");
        Ok(same("申请人逾期未补正，视为放弃申请（条例第三十条）".to_owned()))
    }

    /// 征求意见: a third party (条例第三十二条) or another agency (第三十四条); the time it
    /// takes is not counted in the reply period (第三十三条第三款).
    pub(super) fn start_consultation(
        &mut self,
        kind: ConsultationKind,
        party: &str,
        matter: &str,
        on: NaiveDate,
    ) -> Result<Entry, Refusal> {
        let party = text(party);
        if party.is_empty() {
            return Err(Refusal::new("party_required", "请填写被征求意见的第三方或机关"));
        }
        self.after.consultations.push(ConsultationRecord {
            kind,
            party: party.clone(),
            matter: text(matter),
            sent_on: on,
            answered_on: None,
            result: None,
            opinion: String::new(),
        });
        self.letter = Some(LetterKind::ConsultationLetter);
        let (who, rule) = match kind {
            ConsultationKind::ThirdParty => ("第三方", "条例第三十二条"),
            ConsultationKind::Agency => ("其他机关", "条例第三十四条"),
        };
        Ok((
            format!("向{party}征求意见（{rule}），对方收到之日{}", fmt_date(on)),
            Some(format!("本机关征求{who}意见，所需时间不计算在答复期限内（条例第三十三条第三款）")),
        ))
    }

    /// The answer of consultation `index`, or its absence once the 15 working days of
    /// 第三十二条 / 第三十四条 have run out; the reply period resumes.
    pub(super) fn end_consultation(
        &mut self,
        index: usize,
        on: NaiveDate,
        result: ConsultationResult,
        opinion: &str,
    ) -> Result<Entry, Refusal> {
        let cal = self.ctx.calendar;
        let c = self
            .after
            .consultations
            .get_mut(index)
            .filter(|c| c.is_open())
            .ok_or_else(|| Refusal::new("no_open_consultation", "该征求意见不存在或已结束"))?;
        if on < c.sent_on {
            return Err(Refusal::new("date_invalid", "答复日期不能早于征求意见之日"));
        }
        if result == ConsultationResult::NoAnswer {
            let limit =
                cal.add_workdays(c.sent_on, CONSULTATION_WORKDAYS).map(|w| w.date).unwrap_or(c.sent_on);
            if on <= limit {
                return Err(Refusal::new(
                    "not_lapsed",
                    format!("被征求方有15个工作日提出意见，至{}届满", fmt_date(limit)),
                ));
            }
        }
        c.answered_on = Some(on);
        c.result = Some(result);
        c.opinion = text(opinion);
        let party = c.party.clone();
        Ok((
            format!("{party}：{}（{}）", result.label_zh(), fmt_date(on)),
            Some(format!("征求意见结束（{}），答复期限恢复计算", fmt_date(on))),
        ))
    }

    /// 延期答复 (条例第三十三条第二款): approved by the office head, once, 1 to 20 working days,
    /// with a reason, decided no later than the original due date (refused after it).
    pub(super) fn extend(&mut self, on: NaiveDate, workdays: u32, reason: &str) -> Result<Entry, Refusal> {
        let reason = text(reason);
        if reason.is_empty() {
            return Err(Refusal::new("reason_required", "延期答复须写明理由"));
        }
        let max = self.before.rules().max_extension();
        if workdays == 0 || workdays > max {
            return Err(Refusal::new(
                "extension_too_long",
                format!("延长的期限应为1至{max}个工作日（条例第三十三条第二款）"),
            ));
        }
        // 第三十三条第二款 (2008: 第二十四条第二款): the extension is decided and the applicant told
        // before the original term ends; once it has run out the request is overdue and stays so.
        if let Some(Ok(clock)) = self.before.clock(self.ctx.calendar, &ClockSettings::default(), on, false)
            && let Some(due) = clock.due_on
            && on > due
        {
            let rule = match self.before.rules() {
                Rules::R2019 => "条例第三十三条第二款",
                Rules::R2008 => "2008年条例第二十四条第二款",
            };
            return Err(Refusal::new(
                "extension_after_due",
                format!(
                    "答复期限已于{}届满，不能再延期：延长答复期限须在期限届满前决定并告知申请人（{rule}）",
                    fmt_date(due)
                ),
            ));
        }
        let actor = self.ctx.actor_name;
        self.after.extension = Some(ExtensionRecord {
            decided_on: on,
            workdays,
            reason: reason.clone(),
            approved_by: actor.to_owned(),
        });
        self.letter = Some(LetterKind::ExtensionNotice);
        Ok((
            format!("经负责人{actor}同意延期答复{workdays}个工作日；理由：{reason}"),
            Some(format!("本机关决定延期答复，延长{workdays}个工作日（条例第三十三条第二款）")),
        ))
    }

    /// 收费通知 (条例第四十二条; 国办函〔2020〕109号): `on` = the day the applicant receives it;
    /// payment is due within 20 working days. A fee of 0 needs no notice.
    pub(super) fn issue_fee_notice(
        &mut self,
        on: NaiveDate,
        method: FeeMethod,
        quantity: u32,
    ) -> Result<Entry, Refusal> {
        if quantity == 0 {
            return Err(Refusal::new("quantity_required", "请填写计费数量（件数或页数）"));
        }
        let q = quote(method, quantity);
        if q.amount_yuan == 0 {
            return Err(Refusal::new(
                "fee_zero",
                "按所选标准本申请不应收费（未超出免费范围），无需出具收费通知",
            ));
        }
        let pay_by = self
            .ctx
            .calendar
            .add_workdays(on, i64::from(PAYMENT_WORKDAYS))
            .map(|w| w.date)
            .map_err(|_| Refusal::new("calendar_missing", "工作日历缺少所需年份，无法计算缴费期限"))?;
        let amount = q.amount_yuan;
        self.after.fee = Some(FeeRecord {
            quote: q,
            notice_on: on,
            pay_by,
            paid_on: None,
            paid_yuan: None,
            lapsed_on: None,
        });
        self.after.state = RequestState::AwaitingPayment;
        self.letter = Some(LetterKind::FeeNotice);
        Ok((
            format!("出具收费通知（{}），金额{amount}元，缴费期限至{}", method.label_zh(), fmt_date(pay_by)),
            Some(format!("本机关发出信息处理费收费通知，金额{amount}元，请于{}前缴纳", fmt_date(pay_by))),
        ))
    }

    /// 缴费: the amount of the notice, no earlier than the notice; late payment is recorded
    /// with a warning.
    pub(super) fn record_payment(&mut self, on: NaiveDate, amount_yuan: u64) -> Result<Entry, Refusal> {
        let f = self.after.fee.as_mut().ok_or_else(|| Refusal::new("invalid_state", "没有收费通知"))?;
        if amount_yuan != f.quote.amount_yuan {
            return Err(Refusal::new(
                "amount_mismatch",
                format!("缴费金额应为收费通知所列的{}元", f.quote.amount_yuan),
            ));
        }
        if on < f.notice_on {
            return Err(Refusal::new("date_invalid", "缴费日期不能早于收费通知送达之日"));
        }
        if on > f.pay_by {
            self.warnings.push("缴费晚于缴费期限；逾期未缴纳的本应视为放弃申请".to_owned());
        }
        f.paid_on = Some(on);
        f.paid_yuan = Some(amount_yuan);
        self.after.state = RequestState::InProgress;
        Ok(same(format!("申请人已缴纳信息处理费{amount_yuan}元（{}）", fmt_date(on))))
    }

    /// Unpaid 20 working days after the notice: 视为放弃申请 (国办函〔2020〕109号) → 表三 （六）2.
    pub(super) fn fee_lapsed(&mut self, on: NaiveDate) -> Result<Entry, Refusal> {
        let f = self.after.fee.as_mut().ok_or_else(|| Refusal::new("invalid_state", "没有收费通知"))?;
        if on <= f.pay_by {
            return Err(Refusal::new(
                "not_lapsed",
                format!("缴费期限至{}，届满后才能视为放弃申请", fmt_date(f.pay_by)),
            ));
        }
        f.lapsed_on = Some(on);
        self.close_with(
            on,
            Outcome::Other(OtherReason::FeeUnpaid),
            "申请人逾期未按收费通知要求缴纳费用，视为放弃申请，本机关不再处理该申请。",
        );
        Ok(same("申请人逾期未缴纳信息处理费，视为放弃申请".to_owned()))
    }

    /// A lapse ends the request with its outcome and the default basis.
    fn close_with(&mut self, on: NaiveDate, outcome: Outcome, reasoning: &str) {
        self.after.decision = Some(Decision {
            on,
            outcome,
            basis: outcome.default_basis_for(self.before.rules()).to_owned(),
            reasoning: reasoning.to_owned(),
            decided_by: self.ctx.actor_name.to_owned(),
        });
        self.after.state = RequestState::Closed;
        self.after.closed_on = Some(on);
    }

    /// 答复 (条例第三十六条–第三十九条): exactly one outcome, with its reasons (any refusal
    /// must state them); lapses have their own actions; a fee must be paid first; a late
    /// reply is recorded with a warning.
    pub(super) fn decide(
        &mut self,
        on: NaiveDate,
        outcome: Outcome,
        basis: &str,
        reasoning: &str,
    ) -> Result<Entry, Refusal> {
        let req = self.before;
        if matches!(outcome, Outcome::Other(OtherReason::CorrectionLapsed | OtherReason::FeeUnpaid)) {
            return Err(Refusal::new("use_lapse_action", "逾期不补正或逾期未缴费请使用相应的“视为放弃”操作"));
        }
        if outcome == Outcome::Unavailable(UnavailableReason::StillUnclear)
            && req.correction.as_ref().and_then(|c| c.corrected_on).is_none()
        {
            return Err(Refusal::new(
                "needs_correction",
                "“补正后申请内容仍不明确”只适用于已经补正的申请（条例第三十条）",
            ));
        }
        if let Some(f) = &req.fee
            && f.paid_on.is_none()
        {
            return Err(Refusal::new("fee_unpaid", "信息处理费尚未缴纳"));
        }
        let reasoning = text(reasoning);
        if reasoning.is_empty() && outcome != Outcome::Granted {
            return Err(Refusal::new("reasoning_required", "请写明答复理由（不予公开等须说明理由）"));
        }
        let basis = match text(basis) {
            b if b.is_empty() => outcome.default_basis_for(req.rules()).to_owned(),
            b => b,
        };
        self.after.decision =
            Some(Decision { on, outcome, basis, reasoning, decided_by: self.ctx.actor_name.to_owned() });
        self.after.state = RequestState::Decided;
        self.letter = Some(LetterKind::Reply);
        if let Some(Ok(clock)) = req.clock(self.ctx.calendar, &ClockSettings::default(), on, false)
            && let Some(overdue) = clock.overdue
            && overdue > 0
        {
            self.warnings.push(format!("答复已超过法定期限{overdue}个工作日"));
        }
        Ok((
            format!("作出答复决定：{}", outcome.short_zh()),
            Some(format!("本机关已作出答复：{}。答复书待送达", outcome.short_zh())),
        ))
    }

    /// 送达: the reply reached the applicant, no earlier than the decision.
    /// 送达. `sensitive_override`: why files the scan flagged go out as they are; recorded in the
    /// (internal) history, never in the applicant's view.
    pub(super) fn deliver(
        &mut self,
        on: NaiveDate,
        method: &str,
        sensitive_override: Option<&str>,
    ) -> Result<Entry, Refusal> {
        let method = text(method);
        let decided = self.before.decided_on().unwrap_or(on);
        if on < decided {
            return Err(Refusal::new("date_invalid", "送达日期不能早于答复日期"));
        }
        self.after.delivery = Some(DeliveryRecord { on, method: method.clone() });
        self.after.state = RequestState::Delivered;
        let shown = format!(
            "答复书已送达（{}{}）",
            fmt_date(on),
            if method.is_empty() { String::new() } else { format!("，{method}") }
        );
        Ok(match sensitive_override.map(text).filter(|r| !r.is_empty()) {
            Some(reason) => {
                (format!("{shown}；提供的文件经检查含可能的个人信息，保留理由：{reason}"), Some(shown))
            }
            None => same(shown),
        })
    }

    /// 办结归档.
    pub(super) fn close(&mut self, on: NaiveDate) -> Result<Entry, Refusal> {
        self.after.state = RequestState::Closed;
        self.after.closed_on = Some(on);
        Ok(("办结归档".to_owned(), Some("办结".to_owned())))
    }

    /// The applicant withdraws. A received request still ends in exactly one row of 表三:
    /// （六）3 其他.
    pub(super) fn withdraw(&mut self, on: NaiveDate, reason: &str) -> Result<Entry, Refusal> {
        self.after.withdrawn_on = Some(on);
        self.after.state = RequestState::Withdrawn;
        if self.before.received_on.is_some() {
            self.after.decision = Some(Decision {
                on,
                outcome: Outcome::Other(OtherReason::Other),
                basis: String::new(),
                reasoning: format!("申请人撤回申请。{}", text(reason)),
                decided_by: self.ctx.actor_name.to_owned(),
            });
        }
        let s = format!("申请人撤回申请（{}）", fmt_date(on));
        Ok((format!("{s}；{}", text(reason)), Some(s)))
    }
}
