//! [`gongkai_store::RequestStore`] for both backends (`impl_request_store!`), same pattern as
//! `shared.rs`: identical SQL with `$N` placeholders; the write lock comes from `begin_write()`.

/// A value bound to a dynamically built query.
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    Bool(bool),
    I64(i64),
    Text(String),
    Date(chrono::NaiveDate),
}

/// Builds the WHERE clause of a request list; returns the clause and its arguments.
pub(crate) fn list_where(f: &gongkai_store::RequestFilter) -> (String, Vec<Arg>) {
    let mut args = Vec::new();
    let mut parts = Vec::new();
    let next = |a: Arg, args: &mut Vec<Arg>| {
        args.push(a);
        format!("${}", args.len())
    };
    if f.agency_ids.is_empty() {
        parts.push("1 = 0".to_owned());
    } else {
        let ph: Vec<String> = f.agency_ids.iter().map(|id| next(Arg::I64(*id), &mut args)).collect();
        parts.push(format!("agency_id IN ({})", ph.join(", ")));
    }
    if !f.states.is_empty() {
        // `is_open` leads the (agency_id, is_open, due_on) index: a list of open requests reads
        // only open rows, however many finished ones the agency has.
        if f.states.iter().all(|s| s.is_open()) {
            parts.push(format!("is_open = {}", next(Arg::Bool(true), &mut args)));
        } else if f.states.iter().all(|s| !s.is_open()) {
            parts.push(format!("is_open = {}", next(Arg::Bool(false), &mut args)));
        }
        let ph: Vec<String> =
            f.states.iter().map(|s| next(Arg::Text(s.key().to_owned()), &mut args)).collect();
        parts.push(format!("state IN ({})", ph.join(", ")));
    }
    if let Some(h) = f.handler_id {
        parts.push(format!("handler_id = {}", next(Arg::I64(h), &mut args)));
    }
    if let Some(k) = f.applicant_kind {
        parts.push(format!("applicant_kind = {}", next(Arg::Text(k.key().to_owned()), &mut args)));
    }
    if let Some(c) = f.channel {
        parts.push(format!("channel = {}", next(Arg::Text(c.as_str().to_owned()), &mut args)));
    }
    if let Some(w) = f.waiting_on {
        parts.push(format!("waiting_on = {}", next(Arg::Text(w.key().to_owned()), &mut args)));
    }
    if let Some(y) = f.year
        && let (Some(from), Some(to)) =
            (chrono::NaiveDate::from_ymd_opt(y, 1, 1), chrono::NaiveDate::from_ymd_opt(y, 12, 31))
    {
        let a = next(Arg::Date(from), &mut args);
        let b = next(Arg::Date(to), &mut args);
        parts.push(format!("submitted_on BETWEEN {a} AND {b}"));
    }
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let a = next(Arg::Text(q.to_owned()), &mut args);
        let like: String = q.chars().filter(|c| !matches!(c, '%' | '_' | '\\')).collect();
        let b = next(Arg::Text(format!("%{like}%")), &mut args);
        parts.push(format!("(number = {a} OR applicant_name LIKE {b})"));
    }
    (parts.join(" AND "), args)
}

macro_rules! bind_args {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args {
            q = match a {
                $crate::requests::Arg::Bool(v) => q.bind(*v),
                $crate::requests::Arg::I64(v) => q.bind(*v),
                $crate::requests::Arg::Text(v) => q.bind(v.clone()),
                $crate::requests::Arg::Date(v) => q.bind(*v),
            };
        }
        q
    }};
}

pub(crate) fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(data))
}

macro_rules! impl_request_store {
    ($ty:ty, $db:ty) => {
        impl $ty {
            async fn insert_event_letter_files(
                tx: &mut sqlx::Transaction<'static, $db>,
                actor: &gongkai_store::Actor,
                request_id: i64,
                event: &gongkai_domain::request::EventRecord,
                letter: Option<&gongkai_store::NewLetter>,
                files: &[gongkai_store::NewFile],
            ) -> Result<(), gongkai_store::StoreError> {
                let now = chrono::Utc::now();
                sqlx::query(
                    "INSERT INTO request_events (request_id, kind, on_date, actor, summary, public_summary, at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(request_id)
                .bind(gongkai_domain::request::ActionKind::key(event.kind))
                .bind(event.on)
                .bind(&actor.name)
                .bind(&event.summary_zh)
                .bind(&event.public_zh)
                .bind(now)
                .execute(&mut **tx)
                .await
                .map_err($crate::db_err)?;
                if let Some(l) = letter {
                    sqlx::query(
                        "INSERT INTO request_letters (request_id, kind, title, body, created_by, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(request_id)
                    .bind(l.kind.key())
                    .bind(&l.title)
                    .bind(&l.body)
                    .bind(&actor.name)
                    .bind(now)
                    .execute(&mut **tx)
                    .await
                    .map_err($crate::db_err)?;
                }
                Self::insert_files(tx, &format!("request:{request_id}"), files).await
            }

            async fn insert_files(
                tx: &mut sqlx::Transaction<'static, $db>,
                owner: &str,
                files: &[gongkai_store::NewFile],
            ) -> Result<(), gongkai_store::StoreError> {
                for f in files {
                    sqlx::query(
                        "INSERT INTO stored_files (owner, role, name, content_type, size, sha256, data, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    )
                    .bind(owner)
                    .bind(f.role.key())
                    .bind(&f.name)
                    .bind(&f.content_type)
                    .bind(f.data.len() as i64)
                    .bind($crate::requests::sha256_hex(&f.data))
                    .bind(&f.data)
                    .bind(chrono::Utc::now())
                    .execute(&mut **tx)
                    .await
                    .map_err($crate::db_err)?;
                }
                Ok(())
            }

            async fn request_in_tx(
                tx: &mut sqlx::Transaction<'static, $db>,
                id: i64,
            ) -> Result<Option<gongkai_store::RequestRecord>, gongkai_store::StoreError> {
                let sql = format!("SELECT {} FROM requests WHERE id = $1", $crate::request_rows::REQUEST_COLS);
                let row: Option<$crate::request_rows::RequestRow> =
                    sqlx::query_as(&sql).bind(id).fetch_optional(&mut **tx).await.map_err($crate::db_err)?;
                row.map(TryInto::try_into).transpose()
            }

            fn request_summary(number: &str, r: &gongkai_domain::request::DisclosureRequest) -> String {
                format!(
                    "{number} state={} outcome={}",
                    r.state.key(),
                    r.outcome().map(|o| o.key()).unwrap_or("-")
                )
            }

            async fn case_in_tx(
                tx: &mut sqlx::Transaction<'static, $db>,
                id: i64,
            ) -> Result<Option<gongkai_store::Case>, gongkai_store::StoreError> {
                let sql = format!("SELECT {} FROM cases WHERE id = $1", $crate::request_rows::CASE_COLS);
                let row: Option<$crate::request_rows::CaseRow> =
                    sqlx::query_as(&sql).bind(id).fetch_optional(&mut **tx).await.map_err($crate::db_err)?;
                row.map(TryInto::try_into).transpose()
            }
        }

        #[async_trait::async_trait]
        impl gongkai_store::RequestStore for $ty {
            async fn create_request(
                &self,
                actor: &gongkai_store::Actor,
                new: gongkai_store::NewRequest,
            ) -> gongkai_store::StoreResult<gongkai_store::RequestRecord> {
                use chrono::Datelike;
                let mut tx = self.begin_write().await?;
                if let Some(key) = &new.submission_key {
                    let seen: Option<(i64,)> =
                        sqlx::query_as("SELECT id FROM requests WHERE agency_id = $1 AND submission_key = $2")
                            .bind(new.agency_id)
                            .bind(key)
                            .fetch_optional(&mut *tx)
                            .await
                            .map_err($crate::db_err)?;
                    if seen.is_some() {
                        return Err(gongkai_store::StoreError::Conflict("submission_key"));
                    }
                }
                let year = i64::from(new.facts.submitted_on.year());
                let last: Option<(i64,)> =
                    sqlx::query_as("SELECT last_seq FROM request_counters WHERE agency_id = $1 AND year = $2")
                        .bind(new.agency_id)
                        .bind(year)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err($crate::db_err)?;
                let seq = last.map(|(s,)| s + 1).unwrap_or(1);
                if seq == 1 {
                    sqlx::query("INSERT INTO request_counters (agency_id, year, last_seq) VALUES ($1, $2, 1)")
                        .bind(new.agency_id)
                        .bind(year)
                        .execute(&mut *tx)
                        .await
                        .map_err(|e| $crate::map_err(e, "request_number", "agency"))?;
                } else {
                    sqlx::query("UPDATE request_counters SET last_seq = $1 WHERE agency_id = $2 AND year = $3")
                        .bind(seq)
                        .bind(new.agency_id)
                        .bind(year)
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::db_err)?;
                }
                let number = format!("{year}-{:04}-{seq:05}", new.agency_id);
                let f = &new.facts;
                let fee = $crate::reports::fee_columns(f);
                let facts = serde_json::to_string(f).map_err(|e| gongkai_store::StoreError::Backend(e.to_string()))?;
                let now = chrono::Utc::now();
                let sql = format!(
                    "INSERT INTO requests (agency_id, number, tracking_hash, state, waiting_on, applicant_kind, \
                     applicant_name, applicant_id_number, channel, handler_id, submitted_on, received_on, due_on, \
                     decided_on, outcome, is_open, version, facts, created_at, updated_at, fee_notice_on, \
                     fee_notified_yuan, fee_paid_on, fee_paid_yuan, submission_key) VALUES ($1, $2, $3, $4, $5, $6, \
                     $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 1, $17, $18, $18, $19, $20, $21, $22, $23) \
                     RETURNING {}",
                    $crate::request_rows::REQUEST_COLS
                );
                let row: $crate::request_rows::RequestRow = sqlx::query_as(&sql)
                    .bind(new.agency_id)
                    .bind(&number)
                    .bind(&new.tracking_hash)
                    .bind(f.state.key())
                    .bind(f.waiting_on().key())
                    .bind(f.application.applicant.kind.key())
                    .bind(&f.application.applicant.name)
                    .bind(&f.application.applicant.id_number)
                    .bind(f.channel.as_str())
                    .bind(f.handler.as_ref().map(|h| h.id))
                    .bind(f.submitted_on)
                    .bind(f.received_on)
                    .bind(new.due_on)
                    .bind(f.decided_on())
                    .bind(f.outcome().map(|o| o.key()))
                    .bind(f.state.is_open())
                    .bind(&facts)
                    .bind(now)
                    .bind(fee.0)
                    .bind(fee.1)
                    .bind(fee.2)
                    .bind(fee.3)
                    .bind(&new.submission_key)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|e| {
                        // Two nodes posting the same form at once: the unique index decides.
                        let key_clash = matches!(&e, sqlx::Error::Database(db)
                            if db.is_unique_violation()
                                && (db.message().contains("submission_key")
                                    || db.constraint() == Some("requests_submission_key")));
                        if key_clash {
                            gongkai_store::StoreError::Conflict("submission_key")
                        } else {
                            $crate::map_err(e, "request_number", "agency")
                        }
                    })?;
                let rec: gongkai_store::RequestRecord = row.try_into()?;
                let letter = new.letter.map(|l| gongkai_store::NewLetter {
                    body: l.body.replace(gongkai_store::NUMBER_PLACEHOLDER, &rec.number),
                    ..l
                });
                Self::insert_event_letter_files(&mut tx, actor, rec.id, &new.event, letter.as_ref(), &new.files)
                    .await?;
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: "request.create".into(),
                    subject: format!("request:{}", rec.id),
                    agency_id: Some(rec.agency_id),
                    before: String::new(),
                    after: Self::request_summary(&rec.number, &rec.facts),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(rec)
            }

            async fn get_request(&self, id: i64) -> gongkai_store::StoreResult<Option<gongkai_store::RequestRecord>> {
                let sql = format!("SELECT {} FROM requests WHERE id = $1", $crate::request_rows::REQUEST_COLS);
                let row: Option<$crate::request_rows::RequestRow> =
                    sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await.map_err($crate::db_err)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn find_request_by_number(
                &self,
                number: &str,
            ) -> gongkai_store::StoreResult<Option<(gongkai_store::RequestRecord, String)>> {
                let sql = format!("SELECT {} FROM requests WHERE number = $1", $crate::request_rows::REQUEST_COLS);
                let row: Option<$crate::request_rows::RequestRow> = sqlx::query_as(&sql)
                    .bind(number)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err($crate::db_err)?;
                let Some(row) = row else { return Ok(None) };
                let id = row.id;
                let (hash,): (String,) = sqlx::query_as("SELECT tracking_hash FROM requests WHERE id = $1")
                    .bind(id)
                    .fetch_one(&self.pool)
                    .await
                    .map_err($crate::db_err)?;
                Ok(Some((row.try_into()?, hash)))
            }

            async fn find_request_by_submission(
                &self,
                agency_id: i64,
                key_hash: &str,
            ) -> gongkai_store::StoreResult<Option<gongkai_store::RequestRecord>> {
                let sql = format!(
                    "SELECT {} FROM requests WHERE agency_id = $1 AND submission_key = $2",
                    $crate::request_rows::REQUEST_COLS
                );
                let row: Option<$crate::request_rows::RequestRow> = sqlx::query_as(&sql)
                    .bind(agency_id)
                    .bind(key_hash)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err($crate::db_err)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn update_request(
                &self,
                actor: &gongkai_store::Actor,
                u: gongkai_store::RequestUpdate,
            ) -> gongkai_store::StoreResult<gongkai_store::RequestRecord> {
                let mut tx = self.begin_write().await?;
                let before = Self::request_in_tx(&mut tx, u.id)
                    .await?
                    .ok_or(gongkai_store::StoreError::NotFound("request"))?;
                if before.version != u.expected_version {
                    return Err(gongkai_store::StoreError::Conflict("version"));
                }
                let f = &u.facts;
                let fee = $crate::reports::fee_columns(f);
                let facts = serde_json::to_string(f).map_err(|e| gongkai_store::StoreError::Backend(e.to_string()))?;
                let sql = format!(
                    "UPDATE requests SET state = $1, waiting_on = $2, handler_id = $3, received_on = $4, \
                     due_on = $5, decided_on = $6, outcome = $7, is_open = $8, facts = $9, version = version + 1, \
                     updated_at = $10, fee_notice_on = $13, fee_notified_yuan = $14, fee_paid_on = $15, \
                     fee_paid_yuan = $16 WHERE id = $11 AND version = $12 RETURNING {}",
                    $crate::request_rows::REQUEST_COLS
                );
                let row: Option<$crate::request_rows::RequestRow> = sqlx::query_as(&sql)
                    .bind(f.state.key())
                    .bind(f.waiting_on().key())
                    .bind(f.handler.as_ref().map(|h| h.id))
                    .bind(f.received_on)
                    .bind(u.due_on)
                    .bind(f.decided_on())
                    .bind(f.outcome().map(|o| o.key()))
                    .bind(f.state.is_open())
                    .bind(&facts)
                    .bind(chrono::Utc::now())
                    .bind(u.id)
                    .bind(u.expected_version)
                    .bind(fee.0)
                    .bind(fee.1)
                    .bind(fee.2)
                    .bind(fee.3)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(|e| $crate::map_err(e, "request", "user"))?;
                let rec: gongkai_store::RequestRecord =
                    row.ok_or(gongkai_store::StoreError::Conflict("version"))?.try_into()?;
                Self::insert_event_letter_files(&mut tx, actor, rec.id, &u.event, u.letter.as_ref(), &u.files).await?;
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: format!("request.{}", u.event.kind.key()),
                    subject: format!("request:{}", rec.id),
                    agency_id: Some(rec.agency_id),
                    before: Self::request_summary(&before.number, &before.facts),
                    after: Self::request_summary(&rec.number, &rec.facts),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(rec)
            }

            async fn list_requests(
                &self,
                filter: &gongkai_store::RequestFilter,
            ) -> gongkai_store::StoreResult<(i64, Vec<gongkai_store::RequestListItem>)> {
                let (clause, args) = $crate::requests::list_where(filter);
                let count_sql = format!("SELECT COUNT(*) FROM requests WHERE {clause}");
                let (total,): (i64,) = bind_args!(sqlx::query_as(&count_sql), &args)
                    .fetch_one(&self.pool)
                    .await
                    .map_err($crate::db_err)?;
                if filter.limit <= 0 {
                    // A count only (dashboard counters): no page to sort.
                    return Ok((total, Vec::new()));
                }
                let order = match filter.order {
                    gongkai_store::RequestOrder::Urgency => {
                        "is_open DESC, CASE WHEN due_on IS NULL THEN 1 ELSE 0 END, due_on, id"
                    }
                    gongkai_store::RequestOrder::Newest => "id DESC",
                };
                let n = args.len();
                let sql = format!(
                    "SELECT {} FROM requests WHERE {clause} ORDER BY {order} LIMIT ${} OFFSET ${}",
                    $crate::request_rows::LIST_COLS,
                    n + 1,
                    n + 2
                );
                let rows: Vec<$crate::request_rows::ListRow> = bind_args!(sqlx::query_as(&sql), &args)
                    .bind(filter.limit.clamp(1, 1000))
                    .bind(filter.offset.max(0))
                    .fetch_all(&self.pool)
                    .await
                    .map_err($crate::db_err)?;
                Ok((total, rows.into_iter().map(TryInto::try_into).collect::<Result<_, _>>()?))
            }

            async fn request_events(&self, request_id: i64) -> gongkai_store::StoreResult<Vec<gongkai_store::RequestEvent>> {
                let rows: Vec<$crate::request_rows::EventRow> = sqlx::query_as(
                    "SELECT id, request_id, kind, on_date, actor, summary, public_summary, at FROM request_events \
                     WHERE request_id = $1 ORDER BY id",
                )
                .bind(request_id)
                .fetch_all(&self.pool)
                .await
                .map_err($crate::db_err)?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn request_letters(&self, request_id: i64) -> gongkai_store::StoreResult<Vec<gongkai_store::Letter>> {
                let rows: Vec<$crate::request_rows::LetterRow> = sqlx::query_as(
                    "SELECT id, request_id, kind, title, body, created_by, created_at FROM request_letters \
                     WHERE request_id = $1 ORDER BY id",
                )
                .bind(request_id)
                .fetch_all(&self.pool)
                .await
                .map_err($crate::db_err)?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn get_letter(&self, id: i64) -> gongkai_store::StoreResult<Option<gongkai_store::Letter>> {
                let row: Option<$crate::request_rows::LetterRow> = sqlx::query_as(
                    "SELECT id, request_id, kind, title, body, created_by, created_at FROM request_letters \
                     WHERE id = $1",
                )
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err($crate::db_err)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn list_files(&self, owner: &str) -> gongkai_store::StoreResult<Vec<gongkai_store::StoredFile>> {
                let sql = format!(
                    "SELECT {} FROM stored_files WHERE owner = $1 ORDER BY id",
                    $crate::request_rows::FILE_COLS
                );
                let rows: Vec<$crate::request_rows::FileRow> =
                    sqlx::query_as(&sql).bind(owner).fetch_all(&self.pool).await.map_err($crate::db_err)?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn get_file(&self, id: i64) -> gongkai_store::StoreResult<Option<(gongkai_store::StoredFile, Vec<u8>)>> {
                let sql = format!("SELECT {} FROM stored_files WHERE id = $1", $crate::request_rows::FILE_COLS);
                let row: Option<$crate::request_rows::FileRow> =
                    sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await.map_err($crate::db_err)?;
                let Some(row) = row else { return Ok(None) };
                let (data,): (Vec<u8>,) = sqlx::query_as("SELECT data FROM stored_files WHERE id = $1")
                    .bind(id)
                    .fetch_one(&self.pool)
                    .await
                    .map_err($crate::db_err)?;
                Ok(Some((row.try_into()?, data)))
            }

            async fn add_files(
                &self,
                actor: &gongkai_store::Actor,
                owner: &str,
                agency_id: i64,
                files: Vec<gongkai_store::NewFile>,
            ) -> gongkai_store::StoreResult<()> {
                let mut tx = self.begin_write().await?;
                Self::insert_files(&mut tx, owner, &files).await?;
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: "file.add".into(),
                    subject: owner.to_owned(),
                    agency_id: Some(agency_id),
                    before: String::new(),
                    after: files.iter().map(|f| format!("{} ({} B)", f.name, f.data.len())).collect::<Vec<_>>().join(", "),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(())
            }

            async fn delete_file(
                &self,
                actor: &gongkai_store::Actor,
                owner: &str,
                agency_id: i64,
                file_id: i64,
            ) -> gongkai_store::StoreResult<gongkai_store::StoredFile> {
                let mut tx = self.begin_write().await?;
                let sql = format!(
                    "SELECT {} FROM stored_files WHERE id = $1 AND owner = $2",
                    $crate::request_rows::FILE_COLS
                );
                let row: Option<$crate::request_rows::FileRow> = sqlx::query_as(&sql)
                    .bind(file_id)
                    .bind(owner)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                let file: gongkai_store::StoredFile =
                    row.ok_or(gongkai_store::StoreError::NotFound("file"))?.try_into()?;
                sqlx::query("DELETE FROM stored_files WHERE id = $1")
                    .bind(file_id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: "file.delete".into(),
                    subject: owner.to_owned(),
                    agency_id: Some(agency_id),
                    before: format!("{} ({} B, sha256 {})", file.name, file.size, file.sha256),
                    after: String::new(),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(file)
            }

            async fn applicant_history(
                &self,
                agency_id: i64,
                id_number: &str,
                limit: i64,
            ) -> gongkai_store::StoreResult<Vec<(gongkai_store::RequestListItem, String)>> {
                let sql = format!(
                    "SELECT {} FROM requests WHERE agency_id = $1 AND applicant_id_number = $2 \
                     ORDER BY submitted_on DESC, id DESC LIMIT $3",
                    $crate::request_rows::LIST_COLS
                );
                let rows: Vec<$crate::request_rows::ListRow> = sqlx::query_as(&sql)
                    .bind(agency_id)
                    .bind(id_number)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await
                    .map_err($crate::db_err)?;
                let mut out = Vec::with_capacity(rows.len());
                for r in rows {
                    let id = r.id;
                    let item: gongkai_store::RequestListItem = r.try_into()?;
                    let (facts,): (String,) = sqlx::query_as("SELECT facts FROM requests WHERE id = $1")
                        .bind(id)
                        .fetch_one(&self.pool)
                        .await
                        .map_err($crate::db_err)?;
                    let f: gongkai_domain::request::DisclosureRequest = serde_json::from_str(&facts)
                        .map_err(|e| gongkai_store::StoreError::Corrupt(format!("request {id}: {e}")))?;
                    out.push((item, f.application.description));
                }
                Ok(out)
            }

            async fn count_applicant_requests(
                &self,
                agency_id: i64,
                id_number: &str,
                from: chrono::NaiveDate,
                to: chrono::NaiveDate,
            ) -> gongkai_store::StoreResult<i64> {
                let (n,): (i64,) = sqlx::query_as(
                    "SELECT COUNT(*) FROM requests WHERE agency_id = $1 AND applicant_id_number = $2 \
                     AND submitted_on BETWEEN $3 AND $4",
                )
                .bind(agency_id)
                .bind(id_number)
                .bind(from)
                .bind(to)
                .fetch_one(&self.pool)
                .await
                .map_err($crate::db_err)?;
                Ok(n)
            }

            async fn open_due_dates(
                &self,
                agency_ids: &[i64],
            ) -> gongkai_store::StoreResult<Vec<(i64, Option<chrono::NaiveDate>)>> {
                if agency_ids.is_empty() {
                    return Ok(Vec::new());
                }
                let ph: Vec<String> = (1..=agency_ids.len()).map(|i| format!("${i}")).collect();
                let sql = format!(
                    "SELECT agency_id, due_on FROM requests WHERE is_open = ${} AND agency_id IN ({})",
                    agency_ids.len() + 1,
                    ph.join(", ")
                );
                let mut q = sqlx::query_as::<_, (i64, Option<chrono::NaiveDate>)>(&sql);
                for id in agency_ids {
                    q = q.bind(*id);
                }
                q.bind(true).fetch_all(&self.pool).await.map_err($crate::db_err)
            }

            async fn letter_template(
                &self,
                agency_id: i64,
                kind: gongkai_domain::request::LetterKind,
            ) -> gongkai_store::StoreResult<Option<String>> {
                let row: Option<(String,)> =
                    sqlx::query_as("SELECT body FROM letter_templates WHERE agency_id = $1 AND kind = $2")
                        .bind(agency_id)
                        .bind(kind.key())
                        .fetch_optional(&self.pool)
                        .await
                        .map_err($crate::db_err)?;
                Ok(row.map(|(b,)| b))
            }

            async fn put_letter_template(
                &self,
                actor: &gongkai_store::Actor,
                agency_id: i64,
                kind: gongkai_domain::request::LetterKind,
                body: Option<String>,
            ) -> gongkai_store::StoreResult<()> {
                let mut tx = self.begin_write().await?;
                let before: Option<(String,)> =
                    sqlx::query_as("SELECT body FROM letter_templates WHERE agency_id = $1 AND kind = $2")
                        .bind(agency_id)
                        .bind(kind.key())
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err($crate::db_err)?;
                sqlx::query("DELETE FROM letter_templates WHERE agency_id = $1 AND kind = $2")
                    .bind(agency_id)
                    .bind(kind.key())
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                if let Some(b) = &body {
                    sqlx::query(
                        "INSERT INTO letter_templates (agency_id, kind, body, updated_at) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(agency_id)
                    .bind(kind.key())
                    .bind(b)
                    .bind(chrono::Utc::now())
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| $crate::map_err(e, "letter_template", "agency"))?;
                }
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: "letter_template.put".into(),
                    subject: format!("agency:{agency_id}/{}", kind.key()),
                    agency_id: Some(agency_id),
                    before: before.map(|(b,)| b).unwrap_or_default(),
                    after: body.unwrap_or_default(),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(())
            }

            async fn create_case(
                &self,
                actor: &gongkai_store::Actor,
                i: gongkai_store::CaseInput,
            ) -> gongkai_store::StoreResult<gongkai_store::Case> {
                let mut tx = self.begin_write().await?;
                let sql = format!(
                    "INSERT INTO cases (agency_id, request_id, kind, body, case_number, applicant, filed_on, \
                     closed_on, result, summary, version, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, \
                     $10, 1, $11) RETURNING {}",
                    $crate::request_rows::CASE_COLS
                );
                let row: $crate::request_rows::CaseRow = sqlx::query_as(&sql)
                    .bind(i.agency_id)
                    .bind(i.request_id)
                    .bind(i.kind.key())
                    .bind(&i.body)
                    .bind(&i.case_number)
                    .bind(&i.applicant)
                    .bind(i.filed_on)
                    .bind(i.closed_on)
                    .bind(i.result.key())
                    .bind(&i.summary)
                    .bind(chrono::Utc::now())
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|e| $crate::map_err(e, "case", "agency"))?;
                let case: gongkai_store::Case = row.try_into()?;
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: "case.create".into(),
                    subject: format!("case:{}", case.id),
                    agency_id: Some(case.agency_id),
                    before: String::new(),
                    after: format!("{} {} {}", case.kind.key(), case.case_number, case.result.key()),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(case)
            }

            async fn update_case(
                &self,
                actor: &gongkai_store::Actor,
                id: i64,
                expected_version: i64,
                i: gongkai_store::CaseInput,
            ) -> gongkai_store::StoreResult<gongkai_store::Case> {
                let mut tx = self.begin_write().await?;
                let before =
                    Self::case_in_tx(&mut tx, id).await?.ok_or(gongkai_store::StoreError::NotFound("case"))?;
                if before.version != expected_version {
                    return Err(gongkai_store::StoreError::Conflict("version"));
                }
                let sql = format!(
                    "UPDATE cases SET request_id = $1, kind = $2, body = $3, case_number = $4, applicant = $5, \
                     filed_on = $6, closed_on = $7, result = $8, summary = $9, version = version + 1 \
                     WHERE id = $10 AND version = $11 RETURNING {}",
                    $crate::request_rows::CASE_COLS
                );
                let row: Option<$crate::request_rows::CaseRow> = sqlx::query_as(&sql)
                    .bind(i.request_id)
                    .bind(i.kind.key())
                    .bind(&i.body)
                    .bind(&i.case_number)
                    .bind(&i.applicant)
                    .bind(i.filed_on)
                    .bind(i.closed_on)
                    .bind(i.result.key())
                    .bind(&i.summary)
                    .bind(id)
                    .bind(expected_version)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(|e| $crate::map_err(e, "case", "request"))?;
                let case: gongkai_store::Case = row.ok_or(gongkai_store::StoreError::Conflict("version"))?.try_into()?;
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: "case.update".into(),
                    subject: format!("case:{id}"),
                    agency_id: Some(case.agency_id),
                    before: format!("{} {}", before.kind.key(), before.result.key()),
                    after: format!("{} {}", case.kind.key(), case.result.key()),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(case)
            }

            async fn get_case(&self, id: i64) -> gongkai_store::StoreResult<Option<gongkai_store::Case>> {
                let sql = format!("SELECT {} FROM cases WHERE id = $1", $crate::request_rows::CASE_COLS);
                let row: Option<$crate::request_rows::CaseRow> =
                    sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await.map_err($crate::db_err)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn list_cases(&self, agency_ids: &[i64]) -> gongkai_store::StoreResult<Vec<gongkai_store::Case>> {
                if agency_ids.is_empty() {
                    return Ok(Vec::new());
                }
                let ph: Vec<String> = (1..=agency_ids.len()).map(|i| format!("${i}")).collect();
                let sql = format!(
                    "SELECT {} FROM cases WHERE agency_id IN ({}) ORDER BY filed_on DESC, id DESC",
                    $crate::request_rows::CASE_COLS,
                    ph.join(", ")
                );
                let mut q = sqlx::query_as::<_, $crate::request_rows::CaseRow>(&sql);
                for id in agency_ids {
                    q = q.bind(*id);
                }
                let rows = q.fetch_all(&self.pool).await.map_err($crate::db_err)?;
                rows.into_iter().map(TryInto::try_into).collect()
            }
        }
    };
}
