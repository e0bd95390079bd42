//! The one implementation of [`gongkai_store::Store`] shared by both backends.
//!
//! `impl_store!(Type, Database)` expands to the trait impl for a struct with a `pool` field and
//! a `begin_write()` method (the backend's way to take the write lock). The SQL uses `$N`
//! placeholders, which SQLite and PostgreSQL both accept.

macro_rules! impl_store {
    ($ty:ty, $db:ty, $backend:literal) => {
        impl $ty {
            /// Inserts an agency and its audit entry inside the caller's write transaction.
            async fn insert_agency(
                tx: &mut sqlx::Transaction<'static, $db>,
                actor: &gongkai_store::Actor,
                new: &gongkai_store::NewAgency,
            ) -> gongkai_store::StoreResult<gongkai_store::Agency> {
                let c = &new.contact;
                let sql = format!(
                    "INSERT INTO agencies (name, level, kind, code, parent_id, office_name, address, hours, \
                     phone, fax, email, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
                     RETURNING {}",
                    $crate::rows::AGENCY_COLS
                );
                let row: $crate::rows::AgencyRow = sqlx::query_as(&sql)
                    .bind(&new.name)
                    .bind(new.level.as_str())
                    .bind(new.kind.as_str())
                    .bind(new.code.as_ref().map(|c| c.as_str().to_string()))
                    .bind(new.parent_id)
                    .bind(&c.office_name)
                    .bind(&c.address)
                    .bind(&c.hours)
                    .bind(&c.phone)
                    .bind(&c.fax)
                    .bind(&c.email)
                    .bind(chrono::Utc::now())
                    .fetch_one(&mut **tx)
                    .await
                    .map_err(|e| $crate::map_err(e, "agency_name", "parent_agency"))?;
                let agency: gongkai_store::Agency = row.try_into()?;
                Self::append_audit(tx, actor, gongkai_store::AuditEvent {
                    action: "agency.create".into(),
                    subject: format!("agency:{}", agency.id),
                    agency_id: Some(agency.id),
                    before: String::new(),
                    after: gongkai_store::agency_summary(&agency),
                })
                .await?;
                Ok(agency)
            }

            /// Appends one hash-chained audit entry inside the caller's write transaction.
            async fn append_audit(
                tx: &mut sqlx::Transaction<'static, $db>,
                actor: &gongkai_store::Actor,
                event: gongkai_store::AuditEvent,
            ) -> Result<gongkai_store::AuditEntry, gongkai_store::StoreError> {
                use gongkai_domain::audit::{entry_hash, AuditFields, GENESIS};
                let last: Option<(i64, String)> =
                    sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
                        .fetch_optional(&mut **tx)
                        .await
                        .map_err($crate::db_err)?;
                let (prev_seq, prev_hash) = last.unwrap_or((0, GENESIS.to_string()));
                let seq = prev_seq + 1;
                let at = $crate::rows::audit_now();
                let agency_id = event.agency_id.or(actor.agency_id);
                let hash = entry_hash(&prev_hash, &AuditFields {
                    seq,
                    at: &at,
                    actor: &actor.name,
                    agency_id,
                    action: &event.action,
                    subject: &event.subject,
                    before: &event.before,
                    after: &event.after,
                });
                sqlx::query(
                    "INSERT INTO audit_log (seq, at, actor, agency_id, action, subject, before_summary, \
                     after_summary, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(seq)
                .bind(&at)
                .bind(&actor.name)
                .bind(agency_id)
                .bind(&event.action)
                .bind(&event.subject)
                .bind(&event.before)
                .bind(&event.after)
                .bind(&prev_hash)
                .bind(&hash)
                .execute(&mut **tx)
                .await
                .map_err($crate::db_err)?;
                Ok(gongkai_store::AuditEntry {
                    seq,
                    at,
                    actor: actor.name.clone(),
                    agency_id,
                    action: event.action,
                    subject: event.subject,
                    before: event.before,
                    after: event.after,
                    prev_hash,
                    hash,
                })
            }

            async fn set_password_flagged(
                &self,
                actor: &gongkai_store::Actor,
                id: i64,
                password_hash: String,
                temporary: bool,
            ) -> gongkai_store::StoreResult<()> {
                let mut tx = self.begin_write().await?;
                let user =
                    Self::user_in_tx(&mut tx, id).await?.ok_or(gongkai_store::StoreError::NotFound("user"))?;
                sqlx::query("UPDATE users SET password_hash = $1, must_change_password = $2 WHERE id = $3")
                    .bind(&password_hash)
                    .bind(temporary)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: if temporary { "user.reset_password" } else { "user.set_password" }.into(),
                    subject: format!("user:{id}"),
                    agency_id: Some(user.agency_id),
                    before: String::new(),
                    after: if temporary { "{\"password\":\"temporary\"}" } else { "{\"password\":\"changed\"}" }.into(),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(())
            }

            async fn agency_in_tx(
                tx: &mut sqlx::Transaction<'static, $db>,
                id: i64,
            ) -> Result<Option<gongkai_store::Agency>, gongkai_store::StoreError> {
                let sql = format!("SELECT {} FROM agencies WHERE id = $1", $crate::rows::AGENCY_COLS);
                let row: Option<$crate::rows::AgencyRow> =
                    sqlx::query_as(&sql).bind(id).fetch_optional(&mut **tx).await.map_err($crate::db_err)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn user_in_tx(
                tx: &mut sqlx::Transaction<'static, $db>,
                id: i64,
            ) -> Result<Option<gongkai_store::User>, gongkai_store::StoreError> {
                let sql = format!("SELECT {} FROM users WHERE id = $1", $crate::rows::USER_COLS);
                let row: Option<$crate::rows::UserRow> =
                    sqlx::query_as(&sql).bind(id).fetch_optional(&mut **tx).await.map_err($crate::db_err)?;
                row.map(TryInto::try_into).transpose()
            }
        }

        #[async_trait::async_trait]
        impl gongkai_store::Store for $ty {
            fn backend(&self) -> &'static str {
                $backend
            }

            async fn ping(&self) -> gongkai_store::StoreResult<()> {
                sqlx::query("SELECT 1").execute(&self.pool).await.map_err($crate::db_err)?;
                Ok(())
            }

            async fn create_agency(
                &self,
                actor: &gongkai_store::Actor,
                new: gongkai_store::NewAgency,
            ) -> gongkai_store::StoreResult<gongkai_store::Agency> {
                let mut tx = self.begin_write().await?;
                let agency = Self::insert_agency(&mut tx, actor, &new).await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(agency)
            }

            async fn create_agencies(
                &self,
                actor: &gongkai_store::Actor,
                new: Vec<(gongkai_store::NewAgency, Option<String>)>,
            ) -> gongkai_store::StoreResult<Vec<gongkai_store::Agency>> {
                // One transaction: all of them or none (issue 14's all-or-nothing import).
                let mut tx = self.begin_write().await?;
                let mut out = Vec::with_capacity(new.len());
                for (mut a, parent) in new {
                    if let Some(name) = parent {
                        let id: Option<(i64,)> = sqlx::query_as("SELECT id FROM agencies WHERE name = $1")
                            .bind(&name)
                            .fetch_optional(&mut *tx)
                            .await
                            .map_err($crate::db_err)?;
                        a.parent_id = Some(id.ok_or(gongkai_store::StoreError::NotFound("parent_agency"))?.0);
                    }
                    out.push(Self::insert_agency(&mut tx, actor, &a).await?);
                }
                tx.commit().await.map_err($crate::db_err)?;
                Ok(out)
            }

            async fn get_agency(&self, id: i64) -> gongkai_store::StoreResult<Option<gongkai_store::Agency>> {
                let sql = format!("SELECT {} FROM agencies WHERE id = $1", $crate::rows::AGENCY_COLS);
                let row: Option<$crate::rows::AgencyRow> =
                    sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await.map_err($crate::db_err)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn find_agency_by_name(
                &self,
                name: &str,
            ) -> gongkai_store::StoreResult<Option<gongkai_store::Agency>> {
                let sql = format!("SELECT {} FROM agencies WHERE name = $1", $crate::rows::AGENCY_COLS);
                let row: Option<$crate::rows::AgencyRow> =
                    sqlx::query_as(&sql).bind(name).fetch_optional(&self.pool).await.map_err($crate::db_err)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn list_agencies(&self) -> gongkai_store::StoreResult<Vec<gongkai_store::Agency>> {
                let sql = format!("SELECT {} FROM agencies ORDER BY id", $crate::rows::AGENCY_COLS);
                let rows: Vec<$crate::rows::AgencyRow> =
                    sqlx::query_as(&sql).fetch_all(&self.pool).await.map_err($crate::db_err)?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn update_agency_contact(
                &self,
                actor: &gongkai_store::Actor,
                id: i64,
                contact: gongkai_domain::agency::OfficeContact,
            ) -> gongkai_store::StoreResult<gongkai_store::Agency> {
                let mut tx = self.begin_write().await?;
                let before = Self::agency_in_tx(&mut tx, id)
                    .await?
                    .ok_or(gongkai_store::StoreError::NotFound("agency"))?;
                sqlx::query(
                    "UPDATE agencies SET office_name = $1, address = $2, hours = $3, phone = $4, fax = $5, \
                     email = $6 WHERE id = $7",
                )
                .bind(&contact.office_name)
                .bind(&contact.address)
                .bind(&contact.hours)
                .bind(&contact.phone)
                .bind(&contact.fax)
                .bind(&contact.email)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err($crate::db_err)?;
                let after = gongkai_store::Agency { contact, ..before.clone() };
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: "agency.update_contact".into(),
                    subject: format!("agency:{id}"),
                    agency_id: Some(id),
                    before: serde_json::to_string(&before.contact).unwrap_or_default(),
                    after: serde_json::to_string(&after.contact).unwrap_or_default(),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(after)
            }

            async fn update_agency(
                &self,
                actor: &gongkai_store::Actor,
                id: i64,
                change: gongkai_store::AgencyChange,
            ) -> gongkai_store::StoreResult<gongkai_store::Agency> {
                use gongkai_store::StoreError;
                let mut tx = self.begin_write().await?;
                let before = Self::agency_in_tx(&mut tx, id).await?.ok_or(StoreError::NotFound("agency"))?;
                // The top agency stays the top; every other agency keeps a parent.
                if before.parent_id.is_none() != change.parent_id.is_none() {
                    return Err(StoreError::Conflict("agency_root"));
                }
                // Walk up from the new parent: meeting this agency would close a circle.
                let mut up = change.parent_id;
                let mut steps = 0;
                while let Some(p) = up {
                    if p == id {
                        return Err(StoreError::Conflict("agency_cycle"));
                    }
                    let parent = Self::agency_in_tx(&mut tx, p).await?.ok_or(StoreError::NotFound("agency"))?;
                    up = parent.parent_id;
                    steps += 1;
                    if steps > 10_000 {
                        return Err(StoreError::Conflict("agency_cycle"));
                    }
                }
                let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM agencies WHERE name = $1 AND id <> $2")
                    .bind(&change.name)
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                if taken.is_some() {
                    return Err(StoreError::Conflict("agency_name"));
                }
                sqlx::query(
                    "UPDATE agencies SET name = $1, level = $2, kind = $3, code = $4, parent_id = $5, \
                     functions = $6, head = $7, departments = $8, active = $9 WHERE id = $10",
                )
                .bind(&change.name)
                .bind(change.level.as_str())
                .bind(change.kind.as_str())
                .bind(&change.code)
                .bind(change.parent_id)
                .bind(&change.profile.functions)
                .bind(&change.profile.head)
                .bind(&change.profile.departments)
                .bind(change.active)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err($crate::db_err)?;
                let view = |a: &gongkai_store::Agency| {
                    serde_json::json!({"name": a.name, "level": a.level.as_str(), "kind": a.kind.as_str(),
                        "code": a.code, "parent_id": a.parent_id, "profile": a.profile, "active": a.active})
                    .to_string()
                };
                let after = gongkai_store::Agency {
                    name: change.name,
                    level: change.level,
                    kind: change.kind,
                    code: change.code,
                    parent_id: change.parent_id,
                    profile: change.profile,
                    active: change.active,
                    ..before.clone()
                };
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: "agency.update".into(),
                    subject: format!("agency:{id}"),
                    agency_id: Some(id),
                    before: view(&before),
                    after: view(&after),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(after)
            }

            async fn set_site_identity(
                &self,
                actor: &gongkai_store::Actor,
                id: i64,
                site: gongkai_domain::agency::SiteIdentity,
            ) -> gongkai_store::StoreResult<gongkai_store::Agency> {
                let mut tx = self.begin_write().await?;
                let before = Self::agency_in_tx(&mut tx, id)
                    .await?
                    .ok_or(gongkai_store::StoreError::NotFound("agency"))?;
                sqlx::query("UPDATE agencies SET site_code = $1, icp_record = $2, police_record = $3 WHERE id = $4")
                    .bind(&site.site_code)
                    .bind(&site.icp_record)
                    .bind(&site.police_record)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                let json = |s: &gongkai_domain::agency::SiteIdentity| serde_json::to_string(s).unwrap_or_default();
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: "agency.site_identity".into(),
                    subject: format!("agency:{id}"),
                    agency_id: Some(id),
                    before: json(&before.site),
                    after: json(&site),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(gongkai_store::Agency { site, ..before })
            }

            async fn set_agency_auto_confirm(
                &self,
                actor: &gongkai_store::Actor,
                id: i64,
                on: bool,
            ) -> gongkai_store::StoreResult<gongkai_store::Agency> {
                let mut tx = self.begin_write().await?;
                let before = Self::agency_in_tx(&mut tx, id)
                    .await?
                    .ok_or(gongkai_store::StoreError::NotFound("agency"))?;
                sqlx::query("UPDATE agencies SET auto_confirm_online = $1 WHERE id = $2")
                    .bind(on)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: "agency.auto_confirm_online".into(),
                    subject: format!("agency:{id}"),
                    agency_id: Some(id),
                    before: before.auto_confirm_online.to_string(),
                    after: on.to_string(),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(gongkai_store::Agency { auto_confirm_online: on, ..before })
            }

            async fn set_agency_letter_settings(
                &self,
                actor: &gongkai_store::Actor,
                id: i64,
                settings: gongkai_domain::agency::LetterSettings,
            ) -> gongkai_store::StoreResult<gongkai_store::Agency> {
                let mut tx = self.begin_write().await?;
                let before = Self::agency_in_tx(&mut tx, id)
                    .await?
                    .ok_or(gongkai_store::StoreError::NotFound("agency"))?;
                sqlx::query("UPDATE agencies SET reconsideration_body = $1, fee_payment = $2 WHERE id = $3")
                    .bind(&settings.reconsideration_body)
                    .bind(&settings.fee_payment)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                let json = |s: &gongkai_domain::agency::LetterSettings| serde_json::to_string(s).unwrap_or_default();
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: "agency.letter_settings".into(),
                    subject: format!("agency:{id}"),
                    agency_id: Some(id),
                    before: json(&before.letters),
                    after: json(&settings),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(gongkai_store::Agency { letters: settings, ..before })
            }

            async fn create_user(
                &self,
                actor: &gongkai_store::Actor,
                new: gongkai_store::NewUser,
            ) -> gongkai_store::StoreResult<gongkai_store::User> {
                let mut tx = self.begin_write().await?;
                let sql = format!(
                    "INSERT INTO users (agency_id, username, display_name, roles, password_hash, active, \
                     created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {}",
                    $crate::rows::USER_COLS
                );
                let row: $crate::rows::UserRow = sqlx::query_as(&sql)
                    .bind(new.agency_id)
                    .bind(&new.username)
                    .bind(&new.display_name)
                    .bind(gongkai_domain::role::roles_to_text(&new.roles))
                    .bind(&new.password_hash)
                    .bind(true)
                    .bind(chrono::Utc::now())
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|e| $crate::map_err(e, "username", "agency"))?;
                let user: gongkai_store::User = row.try_into()?;
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: "user.create".into(),
                    subject: format!("user:{}", user.id),
                    agency_id: Some(user.agency_id),
                    before: String::new(),
                    after: gongkai_store::user_summary(&user),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(user)
            }

            async fn get_user(&self, id: i64) -> gongkai_store::StoreResult<Option<gongkai_store::User>> {
                let sql = format!("SELECT {} FROM users WHERE id = $1", $crate::rows::USER_COLS);
                let row: Option<$crate::rows::UserRow> =
                    sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await.map_err($crate::db_err)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn find_login(
                &self,
                username: &str,
            ) -> gongkai_store::StoreResult<Option<(gongkai_store::User, String)>> {
                let sql =
                    format!("SELECT {}, password_hash FROM users WHERE username = $1", $crate::rows::USER_COLS);
                let row: Option<$crate::rows::LoginRow> = sqlx::query_as(&sql)
                    .bind(username)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err($crate::db_err)?;
                row.map(|r| Ok((r.user.try_into()?, r.password_hash))).transpose()
            }

            async fn list_users(&self, agency_id: i64) -> gongkai_store::StoreResult<Vec<gongkai_store::User>> {
                let sql =
                    format!("SELECT {} FROM users WHERE agency_id = $1 ORDER BY id", $crate::rows::USER_COLS);
                let rows: Vec<$crate::rows::UserRow> =
                    sqlx::query_as(&sql).bind(agency_id).fetch_all(&self.pool).await.map_err($crate::db_err)?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn set_user_active(
                &self,
                actor: &gongkai_store::Actor,
                id: i64,
                active: bool,
            ) -> gongkai_store::StoreResult<gongkai_store::User> {
                let mut tx = self.begin_write().await?;
                let before =
                    Self::user_in_tx(&mut tx, id).await?.ok_or(gongkai_store::StoreError::NotFound("user"))?;
                sqlx::query("UPDATE users SET active = $1 WHERE id = $2")
                    .bind(active)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                if !active {
                    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::db_err)?;
                }
                let after = gongkai_store::User { active, ..before.clone() };
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: if active { "user.activate" } else { "user.deactivate" }.into(),
                    subject: format!("user:{id}"),
                    agency_id: Some(before.agency_id),
                    before: gongkai_store::user_summary(&before),
                    after: gongkai_store::user_summary(&after),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(after)
            }

            async fn set_user_roles(
                &self,
                actor: &gongkai_store::Actor,
                id: i64,
                roles: Vec<gongkai_domain::role::Role>,
            ) -> gongkai_store::StoreResult<gongkai_store::User> {
                let mut tx = self.begin_write().await?;
                let before =
                    Self::user_in_tx(&mut tx, id).await?.ok_or(gongkai_store::StoreError::NotFound("user"))?;
                sqlx::query("UPDATE users SET roles = $1 WHERE id = $2")
                    .bind(gongkai_domain::role::roles_to_text(&roles))
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                // Read back: the stored order of roles is the canonical one.
                let after =
                    Self::user_in_tx(&mut tx, id).await?.ok_or(gongkai_store::StoreError::NotFound("user"))?;
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: "user.set_roles".into(),
                    subject: format!("user:{id}"),
                    agency_id: Some(before.agency_id),
                    before: gongkai_store::user_summary(&before),
                    after: gongkai_store::user_summary(&after),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(after)
            }

            async fn set_user_password(
                &self,
                actor: &gongkai_store::Actor,
                id: i64,
                password_hash: String,
            ) -> gongkai_store::StoreResult<()> {
                self.set_password_flagged(actor, id, password_hash, false).await
            }

            async fn set_temporary_password(
                &self,
                actor: &gongkai_store::Actor,
                id: i64,
                password_hash: String,
            ) -> gongkai_store::StoreResult<()> {
                self.set_password_flagged(actor, id, password_hash, true).await
            }

            async fn create_users(
                &self,
                actor: &gongkai_store::Actor,
                new: Vec<gongkai_store::NewUser>,
            ) -> gongkai_store::StoreResult<Vec<gongkai_store::User>> {
                let mut tx = self.begin_write().await?;
                let sql = format!(
                    "INSERT INTO users (agency_id, username, display_name, roles, password_hash, active, \
                     created_at, must_change_password) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {}",
                    $crate::rows::USER_COLS
                );
                let mut out = Vec::new();
                for n in new {
                    let row: $crate::rows::UserRow = sqlx::query_as(&sql)
                        .bind(n.agency_id)
                        .bind(&n.username)
                        .bind(&n.display_name)
                        .bind(gongkai_domain::role::roles_to_text(&n.roles))
                        .bind(&n.password_hash)
                        .bind(true)
                        .bind(chrono::Utc::now())
                        .bind(true)
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(|e| $crate::map_err(e, "username", "agency"))?;
                    let user: gongkai_store::User = row.try_into()?;
                    Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                        action: "user.create".into(),
                        subject: format!("user:{}", user.id),
                        agency_id: Some(user.agency_id),
                        before: String::new(),
                        after: gongkai_store::user_summary(&user),
                    })
                    .await?;
                    out.push(user);
                }
                tx.commit().await.map_err($crate::db_err)?;
                Ok(out)
            }

            async fn create_session(&self, new: gongkai_store::NewSession) -> gongkai_store::StoreResult<()> {
                sqlx::query(
                    "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(&new.token_hash)
                .bind(new.user_id)
                .bind(&new.csrf_token)
                .bind(chrono::Utc::now())
                .bind(new.expires_at)
                .execute(&self.pool)
                .await
                .map_err(|e| $crate::map_err(e, "session", "user"))?;
                Ok(())
            }

            async fn get_session(
                &self,
                token_hash: &str,
                now: chrono::DateTime<chrono::Utc>,
            ) -> gongkai_store::StoreResult<Option<gongkai_store::Session>> {
                let row: Option<(i64, String, chrono::DateTime<chrono::Utc>)> = sqlx::query_as(
                    "SELECT user_id, csrf_token, expires_at FROM sessions WHERE token_hash = $1",
                )
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await
                .map_err($crate::db_err)?;
                let Some((user_id, csrf_token, expires_at)) = row else { return Ok(None) };
                if expires_at <= now {
                    return Ok(None);
                }
                match gongkai_store::Store::get_user(self, user_id).await? {
                    Some(user) if user.active => Ok(Some(gongkai_store::Session { user, csrf_token, expires_at })),
                    _ => Ok(None),
                }
            }

            async fn create_api_token(
                &self,
                actor: &gongkai_store::Actor,
                user_id: i64,
                name: &str,
                token_hash: &str,
                expires_at: Option<chrono::DateTime<chrono::Utc>>,
            ) -> gongkai_store::StoreResult<gongkai_store::ApiToken> {
                let mut tx = self.begin_write().await?;
                let user = Self::user_in_tx(&mut tx, user_id).await?.ok_or(gongkai_store::StoreError::NotFound("user"))?;
                let now = chrono::Utc::now();
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) \
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(user_id)
                .bind(name)
                .bind(token_hash)
                .bind(now)
                .bind(expires_at)
                .fetch_one(&mut *tx)
                .await
                .map_err(|e| $crate::map_err(e, "token", "user"))?;
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: "token.create".into(),
                    subject: format!("user:{user_id}"),
                    agency_id: Some(user.agency_id),
                    before: String::new(),
                    after: format!("{{\"token\":{id},\"name\":{}}}", serde_json::Value::String(name.to_owned())),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(gongkai_store::ApiToken {
                    id,
                    user_id,
                    name: name.to_owned(),
                    created_at: now,
                    expires_at,
                    revoked_at: None,
                    last_used_at: None,
                })
            }

            async fn api_token_session(
                &self,
                token_hash: &str,
                now: chrono::DateTime<chrono::Utc>,
            ) -> gongkai_store::StoreResult<Option<gongkai_store::Session>> {
                type Row =
                    (i64, i64, Option<chrono::DateTime<chrono::Utc>>, Option<chrono::DateTime<chrono::Utc>>, String);
                let row: Option<Row> = sqlx::query_as(
                    "SELECT id, user_id, expires_at, revoked_at, name FROM api_tokens WHERE token_hash = $1",
                )
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await
                .map_err($crate::db_err)?;
                let Some((id, user_id, expires_at, revoked_at, token_name)) = row else { return Ok(None) };
                if revoked_at.is_some() || expires_at.is_some_and(|e| e <= now) {
                    return Ok(None);
                }
                let Some(mut user) = gongkai_store::Store::get_user(self, user_id).await?.filter(|u| u.active) else {
                    return Ok(None);
                };
                user.via_token = Some(token_name);
                sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
                    .bind(now)
                    .bind(id)
                    .execute(&self.pool)
                    .await
                    .map_err($crate::db_err)?;
                let csrf_token = {
                    use sha2::Digest;
                    hex::encode(sha2::Sha256::digest(format!("{token_hash}/{}", now.timestamp_nanos_opt().unwrap_or(0))))
                };
                Ok(Some(gongkai_store::Session { user, csrf_token, expires_at: expires_at.unwrap_or(now + chrono::Duration::hours(1)) }))
            }

            async fn list_api_tokens(&self, user_id: i64) -> gongkai_store::StoreResult<Vec<gongkai_store::ApiToken>> {
                type Row = (
                    i64,
                    i64,
                    String,
                    chrono::DateTime<chrono::Utc>,
                    Option<chrono::DateTime<chrono::Utc>>,
                    Option<chrono::DateTime<chrono::Utc>>,
                    Option<chrono::DateTime<chrono::Utc>>,
                );
                let rows: Vec<Row> = sqlx::query_as(
                    "SELECT id, user_id, name, created_at, expires_at, revoked_at, last_used_at FROM api_tokens \
                     WHERE user_id = $1 ORDER BY id",
                )
                .bind(user_id)
                .fetch_all(&self.pool)
                .await
                .map_err($crate::db_err)?;
                Ok(rows
                    .into_iter()
                    .map(|(id, user_id, name, created_at, expires_at, revoked_at, last_used_at)| gongkai_store::ApiToken {
                        id,
                        user_id,
                        name,
                        created_at,
                        expires_at,
                        revoked_at,
                        last_used_at,
                    })
                    .collect())
            }

            async fn revoke_api_token(
                &self,
                actor: &gongkai_store::Actor,
                id: i64,
            ) -> gongkai_store::StoreResult<gongkai_store::ApiToken> {
                let mut tx = self.begin_write().await?;
                let row: Option<(i64,)> = sqlx::query_as("SELECT user_id FROM api_tokens WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                let (user_id,) = row.ok_or(gongkai_store::StoreError::NotFound("token"))?;
                let user = Self::user_in_tx(&mut tx, user_id).await?.ok_or(gongkai_store::StoreError::NotFound("user"))?;
                let now = chrono::Utc::now();
                sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
                    .bind(now)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: "token.revoke".into(),
                    subject: format!("user:{user_id}"),
                    agency_id: Some(user.agency_id),
                    before: String::new(),
                    after: format!("{{\"token\":{id}}}"),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                let tokens = gongkai_store::Store::list_api_tokens(self, user_id).await?;
                tokens.into_iter().find(|t| t.id == id).ok_or(gongkai_store::StoreError::NotFound("token"))
            }

            async fn delete_session(&self, token_hash: &str) -> gongkai_store::StoreResult<()> {
                sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                    .bind(token_hash)
                    .execute(&self.pool)
                    .await
                    .map_err($crate::db_err)?;
                Ok(())
            }

            async fn purge_expired_sessions(
                &self,
                now: chrono::DateTime<chrono::Utc>,
            ) -> gongkai_store::StoreResult<u64> {
                let r = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
                    .bind(now)
                    .execute(&self.pool)
                    .await
                    .map_err($crate::db_err)?;
                Ok(r.rows_affected())
            }

            async fn record_event(
                &self,
                actor: &gongkai_store::Actor,
                event: gongkai_store::AuditEvent,
            ) -> gongkai_store::StoreResult<gongkai_store::AuditEntry> {
                let mut tx = self.begin_write().await?;
                let entry = Self::append_audit(&mut tx, actor, event).await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(entry)
            }

            async fn list_audit(
                &self,
                filter: gongkai_store::AuditFilter,
            ) -> gongkai_store::StoreResult<Vec<gongkai_store::AuditEntry>> {
                let mut sql = format!("SELECT {} FROM audit_log WHERE seq < $1", $crate::rows::AUDIT_COLS);
                if let Some(ids) = &filter.agency_ids {
                    if ids.is_empty() {
                        return Ok(Vec::new());
                    }
                    // ids are integers from our own types: safe to inline.
                    let list = ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
                    sql.push_str(&format!(" AND agency_id IN ({list})"));
                }
                sql.push_str(" ORDER BY seq DESC LIMIT $2");
                let rows: Vec<$crate::rows::AuditRow> = sqlx::query_as(&sql)
                    .bind(filter.before_seq.unwrap_or(i64::MAX))
                    .bind(filter.limit.clamp(1, 1000))
                    .fetch_all(&self.pool)
                    .await
                    .map_err($crate::db_err)?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn audit_after(
                &self,
                after_seq: i64,
                limit: i64,
            ) -> gongkai_store::StoreResult<Vec<gongkai_store::AuditEntry>> {
                let sql = format!(
                    "SELECT {} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
                    $crate::rows::AUDIT_COLS
                );
                let rows: Vec<$crate::rows::AuditRow> = sqlx::query_as(&sql)
                    .bind(after_seq)
                    .bind(limit.max(1))
                    .fetch_all(&self.pool)
                    .await
                    .map_err($crate::db_err)?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn put_calendar_year(
                &self,
                actor: &gongkai_store::Actor,
                year: i32,
                source: String,
            ) -> gongkai_store::StoreResult<()> {
                let mut tx = self.begin_write().await?;
                let before: Option<String> = sqlx::query_scalar("SELECT source FROM calendar_years WHERE year = $1")
                    .bind(year)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                sqlx::query(
                    "INSERT INTO calendar_years (year, source, imported_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (year) DO UPDATE SET source = excluded.source, imported_at = excluded.imported_at",
                )
                .bind(year)
                .bind(&source)
                .bind(chrono::Utc::now())
                .execute(&mut *tx)
                .await
                .map_err($crate::db_err)?;
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: "calendar.import_year".into(),
                    subject: format!("calendar:{year}"),
                    agency_id: None,
                    before: before.map(|b| format!("{} lines", b.lines().count())).unwrap_or_default(),
                    after: format!("{} lines", source.lines().count()),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(())
            }

            async fn list_calendar_years(&self) -> gongkai_store::StoreResult<Vec<gongkai_store::CalendarYear>> {
                let rows: Vec<(i32, String, chrono::DateTime<chrono::Utc>)> =
                    sqlx::query_as("SELECT year, source, imported_at FROM calendar_years ORDER BY year")
                        .fetch_all(&self.pool)
                        .await
                        .map_err($crate::db_err)?;
                Ok(rows
                    .into_iter()
                    .map(|(year, source, imported_at)| gongkai_store::CalendarYear { year, source, imported_at })
                    .collect())
            }
        }
    };
}
