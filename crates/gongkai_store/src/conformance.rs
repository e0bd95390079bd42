//! The backend conformance suite: every [`Store`] method, exercised the same way against every
//! backend. A backend's test file calls [`conformance_tests!`] with an async factory that
//! returns a fresh, empty, migrated store; each case gets its own database.

mod catalog;
mod consultations;
mod messages;
mod outbox;
mod reports;
mod requests;
pub use catalog::*;
pub use consultations::*;
pub use messages::*;
pub use outbox::*;
pub use reports::*;
pub use requests::*;

use crate::*;
use chrono::Duration;
use gongkai_domain::agency::{AgencyCode, AgencyKind, AgencyLevel, OfficeContact};
use gongkai_domain::audit::verify_chain;
use gongkai_domain::role::Role;

/// Generates one `#[tokio::test]` per conformance case. `$factory` is an async expression
/// yielding `Arc<dyn Store>` (or `None` to skip, e.g. when PostgreSQL is not configured).
#[macro_export]
macro_rules! conformance_tests {
    ($factory:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $case() {
                if let Some(store) = $factory().await {
                    $crate::conformance::$case(store.as_ref()).await;
                }
            }
        )*
    };
    ($factory:path) => {
        $crate::conformance_tests!($factory;
            agencies_roundtrip, agency_name_unique, agencies_created_together_or_not_at_all, agency_contact_update,
            agencies_are_renamed_reparented_and_deactivated, users_roundtrip, users_imported_together_with_temporary_passwords,
            username_unique, user_lookup_by_agency, user_activation_and_password, sessions_expire, api_tokens_act_revoke_and_expire,
            audit_chain_grows_with_every_change, audit_filter_and_paging, calendar_years_upsert,
            concurrent_writes_keep_chain, requests_numbered_per_agency_and_year, one_request_per_submission_key, files_are_deleted_with_an_audit_entry,
            request_update_detects_conflicts, request_lists_filter_and_sort, letter_templates_and_cases,
            report_facts_cover_the_year, report_versions_lock_and_correct, register_entries_roundtrip,
            publications_roundtrip_lists_and_links, index_numbers_unique_under_concurrent_publication,
            publication_update_detects_conflicts_and_attachments_share_content,
            catalog_settings_guide_and_conflicts, outbox_claims_retries_and_sends,
            consultations_collect_decide_and_publish, messages_numbered_found_and_deduplicated,
            messages_transfer_reply_publish_and_list);
    };
}

fn contact() -> OfficeContact {
    OfficeContact {
        office_name: "示例县人民政府办公室".into(),
        address: "示例县人民路1号".into(),
        hours: "工作日 8:30-12:00，14:30-17:30".into(),
        phone: "0000-1234567".into(),
        fax: "0000-1234568".into(),
        email: "gongkai@example.gov.cn".into(),
    }
}

/// A new agency without code or contacts.
pub fn new_agency(name: &str, level: AgencyLevel, kind: AgencyKind, parent_id: Option<i64>) -> NewAgency {
    NewAgency { name: name.into(), level, kind, code: None, parent_id, contact: OfficeContact::default() }
}

/// Issue 14: agencies created in one transaction, parents by name; a failure creates none.
pub async fn agencies_created_together_or_not_at_all(store: &dyn Store) {
    let a = Actor::system();
    let county = new_agency("批量县人民政府", AgencyLevel::County, AgencyKind::Government, None);
    let town = new_agency("批量镇人民政府", AgencyLevel::Township, AgencyKind::Government, None);
    let dept = new_agency("批量县教育局", AgencyLevel::County, AgencyKind::Department, None);
    let made = store
        .create_agencies(
            &a,
            vec![
                (county, None),
                (town, Some("批量县人民政府".into())),
                (dept, Some("批量县人民政府".into())),
            ],
        )
        .await
        .expect("created");
    assert_eq!(made.len(), 3);
    assert_eq!(made[1].parent_id, Some(made[0].id));
    let before = store.list_agencies().await.expect("list").len();
    let again = new_agency("批量乡人民政府", AgencyLevel::Township, AgencyKind::Government, None);
    let dup = new_agency("批量县教育局", AgencyLevel::County, AgencyKind::Department, None);
    let r = store
        .create_agencies(
            &a,
            vec![(again, Some("批量县人民政府".into())), (dup, Some("批量县人民政府".into()))],
        )
        .await;
    assert!(matches!(r, Err(StoreError::Conflict(_))), "{r:?}");
    assert_eq!(store.list_agencies().await.expect("list").len(), before, "none of them written");
    let orphan = new_agency("孤儿镇人民政府", AgencyLevel::Township, AgencyKind::Government, None);
    let r = store.create_agencies(&a, vec![(orphan, Some("不存在县".into()))]).await;
    assert!(matches!(r, Err(StoreError::NotFound(_))), "{r:?}");
}

pub async fn make_county(store: &dyn Store) -> Agency {
    store
        .create_agency(
            &Actor::system(),
            NewAgency {
                name: "测试县人民政府".into(),
                level: AgencyLevel::County,
                kind: AgencyKind::Government,
                code: AgencyCode::parse("91350100M000100Y43").ok(),
                parent_id: None,
                contact: contact(),
            },
        )
        .await
        .expect("create county")
}

pub async fn make_user(store: &dyn Store, agency_id: i64, username: &str, roles: &[Role]) -> User {
    store
        .create_user(
            &Actor::system(),
            NewUser {
                agency_id,
                username: username.into(),
                display_name: format!("{username} 同志"),
                roles: roles.to_vec(),
                password_hash: format!("$argon2id$fake${username}"),
            },
        )
        .await
        .expect("create user")
}

pub(crate) async fn verify(store: &dyn Store) -> u64 {
    let entries = store.audit_after(0, 100_000).await.expect("audit_after");
    verify_chain(&entries).expect("chain intact")
}

pub async fn agencies_roundtrip(store: &dyn Store) {
    let county = make_county(store).await;
    assert_eq!(county.name, "测试县人民政府");
    assert_eq!(county.code.as_deref(), Some("91350100M000100Y43"));
    let town = store
        .create_agency(
            &Actor::system(),
            new_agency(
                "测试县城关镇人民政府",
                AgencyLevel::Township,
                AgencyKind::Government,
                Some(county.id),
            ),
        )
        .await
        .expect("create town");
    assert_eq!(town.parent_id, Some(county.id));
    assert_eq!(store.get_agency(town.id).await.expect("get"), Some(town.clone()));
    assert_eq!(store.get_agency(9999).await.expect("get"), None);
    assert_eq!(store.find_agency_by_name("测试县城关镇人民政府").await.expect("find"), Some(town.clone()));
    let all = store.list_agencies().await.expect("list");
    assert_eq!(all.iter().map(|a| a.id).collect::<Vec<_>>(), vec![county.id, town.id]);
    // a parent that does not exist is refused
    let err = store
        .create_agency(
            &Actor::system(),
            new_agency("孤儿乡人民政府", AgencyLevel::Township, AgencyKind::Government, Some(424242)),
        )
        .await;
    assert!(matches!(err, Err(StoreError::NotFound(_))), "{err:?}");
}

pub async fn agency_name_unique(store: &dyn Store) {
    make_county(store).await;
    let again = store
        .create_agency(
            &Actor::system(),
            new_agency("测试县人民政府", AgencyLevel::County, AgencyKind::Government, None),
        )
        .await;
    assert!(matches!(again, Err(StoreError::Conflict("agency_name"))), "{again:?}");
    assert_eq!(store.list_agencies().await.expect("list").len(), 1);
    assert_eq!(verify(store).await, 1, "the refused write left no audit entry");
}

pub async fn agency_contact_update(store: &dyn Store) {
    let county = make_county(store).await;
    let mut c = county.contact.clone();
    c.phone = "0000-7654321".into();
    let updated = store.update_agency_contact(&Actor::system(), county.id, c.clone()).await.expect("update");
    assert_eq!(updated.contact, c);
    let last = store.list_audit(AuditFilter { limit: 1, ..Default::default() }).await.expect("audit");
    assert_eq!(last[0].action, "agency.update_contact");
    assert!(last[0].before.contains("0000-1234567") && last[0].after.contains("0000-7654321"));
    let missing = store.update_agency_contact(&Actor::system(), 777, c).await;
    assert!(matches!(missing, Err(StoreError::NotFound(_))));
    assert!(!county.auto_confirm_online, "off by default");
    let on = store.set_agency_auto_confirm(&Actor::system(), county.id, true).await.expect("setting");
    assert!(on.auto_confirm_online);
    assert!(store.get_agency(county.id).await.expect("get").expect("some").auto_confirm_online);
    // Letter settings (issue 13): empty by default, replaced, audited.
    assert_eq!(county.letters, gongkai_domain::agency::LetterSettings::default());
    let settings = gongkai_domain::agency::LetterSettings {
        reconsideration_body: "测试市人民政府".into(),
        fee_payment: "通过非税收入缴款码缴纳".into(),
    };
    let set =
        store.set_agency_letter_settings(&Actor::system(), county.id, settings.clone()).await.expect("set");
    assert_eq!(set.letters, settings);
    assert_eq!(store.get_agency(county.id).await.expect("get").expect("some").letters, settings);
    let last = store.list_audit(AuditFilter { limit: 1, ..Default::default() }).await.expect("audit");
    assert_eq!(last[0].action, "agency.letter_settings");
    assert!(last[0].after.contains("测试市人民政府"));
}

/// Issue 14: an agency is renamed, moved under another parent and deactivated, each audited;
/// a circle, a second top agency and a taken name are refused and change nothing.
pub async fn agencies_are_renamed_reparented_and_deactivated(store: &dyn Store) {
    use gongkai_domain::agency::{AgencyProfile, SiteIdentity};
    let county = make_county(store).await;
    let a = store
        .create_agency(
            &Actor::system(),
            new_agency("甲镇人民政府", AgencyLevel::Township, AgencyKind::Government, Some(county.id)),
        )
        .await
        .expect("a");
    let b = store
        .create_agency(
            &Actor::system(),
            new_agency("乙局", AgencyLevel::County, AgencyKind::Department, Some(county.id)),
        )
        .await
        .expect("b");
    let dept = store
        .create_agency(
            &Actor::system(),
            new_agency("乙局某科", AgencyLevel::County, AgencyKind::Other, Some(b.id)),
        )
        .await
        .expect("dept");
    assert!(a.active && a.profile == AgencyProfile::default(), "active, no profile by default");
    let change = |name: &str, parent: Option<i64>, active: bool| AgencyChange {
        name: name.into(),
        level: AgencyLevel::County,
        kind: AgencyKind::Department,
        code: None,
        parent_id: parent,
        profile: AgencyProfile {
            functions: "负责全县教育工作。".into(),
            head: "张三（局长）".into(),
            departments: "办公室\n基础教育股".into(),
        },
        active,
    };
    let renamed = store
        .update_agency(&Actor::system(), b.id, change("测试县教育局", Some(county.id), true))
        .await
        .expect("rename");
    assert_eq!(renamed.name, "测试县教育局");
    assert_eq!(store.get_agency(b.id).await.expect("get").expect("some").profile.head, "张三（局长）");
    let last = store.list_audit(AuditFilter { limit: 1, ..Default::default() }).await.expect("audit");
    assert_eq!(last[0].action, "agency.update");
    assert!(last[0].before.contains("乙局") && last[0].after.contains("测试县教育局"));
    // A circle: the department's parent cannot become the department itself or one below it.
    let circle =
        store.update_agency(&Actor::system(), b.id, change("测试县教育局", Some(dept.id), true)).await;
    assert!(matches!(circle, Err(StoreError::Conflict("agency_cycle"))), "{circle:?}");
    let own = store.update_agency(&Actor::system(), b.id, change("测试县教育局", Some(b.id), true)).await;
    assert!(matches!(own, Err(StoreError::Conflict("agency_cycle"))), "{own:?}");
    // The top agency keeps no parent; another agency keeps one.
    let orphan = store.update_agency(&Actor::system(), b.id, change("测试县教育局", None, true)).await;
    assert!(matches!(orphan, Err(StoreError::Conflict("agency_root"))), "{orphan:?}");
    let taken =
        store.update_agency(&Actor::system(), b.id, change("甲镇人民政府", Some(county.id), true)).await;
    assert!(matches!(taken, Err(StoreError::Conflict("agency_name"))), "{taken:?}");
    let unknown =
        store.update_agency(&Actor::system(), b.id, change("测试县教育局", Some(9_999), true)).await;
    assert!(matches!(unknown, Err(StoreError::NotFound(_))), "{unknown:?}");
    assert_eq!(
        store.get_agency(b.id).await.expect("get").expect("some").parent_id,
        Some(county.id),
        "unchanged"
    );
    // Re-parent the section under the township, then deactivate it: it stays listed and readable.
    let moved = store
        .update_agency(
            &Actor::system(),
            dept.id,
            AgencyChange { kind: AgencyKind::Other, ..change("乙局某科", Some(a.id), true) },
        )
        .await
        .expect("move");
    assert_eq!(moved.parent_id, Some(a.id));
    let off = store
        .update_agency(
            &Actor::system(),
            dept.id,
            AgencyChange { kind: AgencyKind::Other, ..change("乙局某科", Some(a.id), false) },
        )
        .await
        .expect("off");
    assert!(!off.active);
    assert!(store.list_agencies().await.expect("list").iter().any(|x| x.id == dept.id && !x.active));
    // The site identity on the top agency.
    let site = SiteIdentity {
        site_code: "3501000001".into(),
        icp_record: "闽ICP备05000001号".into(),
        police_record: String::new(),
    };
    let set = store.set_site_identity(&Actor::system(), county.id, site.clone()).await.expect("site");
    assert_eq!(set.site, site);
    assert_eq!(store.get_agency(county.id).await.expect("get").expect("some").site, site);
    let last = store.list_audit(AuditFilter { limit: 1, ..Default::default() }).await.expect("audit");
    assert_eq!(last[0].action, "agency.site_identity");
}

/// Issue 14: `create_users` writes all accounts or none, each with a temporary password; a
/// reset is temporary too, and the user's own new password clears the flag.
pub async fn users_imported_together_with_temporary_passwords(store: &dyn Store) {
    let county = make_county(store).await;
    let existing = make_user(store, county.id, "taken", &[Role::Editor]).await;
    assert!(!existing.must_change_password);
    let new = |name: &str| NewUser {
        agency_id: county.id,
        username: name.into(),
        display_name: name.into(),
        roles: vec![Role::Editor],
        password_hash: "h".into(),
    };
    let clash = store.create_users(&Actor::system(), vec![new("a1"), new("taken")]).await;
    assert!(matches!(clash, Err(StoreError::Conflict(_))), "{clash:?}");
    assert!(store.find_login("a1").await.expect("q").is_none(), "all or none");
    let made = store.create_users(&Actor::system(), vec![new("a1"), new("a2")]).await.expect("created");
    assert_eq!(made.len(), 2);
    assert!(made.iter().all(|u| u.must_change_password));
    store.set_user_password(&Actor::system(), made[0].id, "own".into()).await.expect("own");
    assert!(!store.get_user(made[0].id).await.expect("q").expect("u").must_change_password);
    store.set_temporary_password(&Actor::system(), existing.id, "tmp".into()).await.expect("reset");
    let (u, hash) = store.find_login("taken").await.expect("q").expect("u");
    assert!(u.must_change_password && hash == "tmp");
    let last = store.list_audit(AuditFilter { limit: 1, ..Default::default() }).await.expect("audit");
    assert_eq!(last[0].action, "user.reset_password");
}

pub async fn users_roundtrip(store: &dyn Store) {
    let county = make_county(store).await;
    let u = make_user(store, county.id, "zhangsan", &[Role::Editor, Role::Admin]).await;
    assert_eq!(u.roles, vec![Role::Admin, Role::Editor]);
    assert!(u.active);
    assert_eq!(store.get_user(u.id).await.expect("get"), Some(u.clone()));
    let (found, hash) = store.find_login("zhangsan").await.expect("login").expect("exists");
    assert_eq!(found, u);
    assert_eq!(hash, "$argon2id$fake$zhangsan");
    assert!(store.find_login("nobody").await.expect("login").is_none());
    let bad_agency = store
        .create_user(
            &Actor::system(),
            NewUser {
                agency_id: 999,
                username: "x".into(),
                display_name: "x".into(),
                roles: vec![],
                password_hash: "h".into(),
            },
        )
        .await;
    assert!(matches!(bad_agency, Err(StoreError::NotFound(_))), "{bad_agency:?}");
}

pub async fn username_unique(store: &dyn Store) {
    let county = make_county(store).await;
    make_user(store, county.id, "lisi", &[Role::Editor]).await;
    let again = store
        .create_user(
            &Actor::system(),
            NewUser {
                agency_id: county.id,
                username: "lisi".into(),
                display_name: "另一个李四".into(),
                roles: vec![Role::Reviewer],
                password_hash: "h".into(),
            },
        )
        .await;
    assert!(matches!(again, Err(StoreError::Conflict("username"))), "{again:?}");
}

pub async fn user_lookup_by_agency(store: &dyn Store) {
    let county = make_county(store).await;
    let other = store
        .create_agency(
            &Actor::system(),
            new_agency("测试县教育局", AgencyLevel::County, AgencyKind::Department, Some(county.id)),
        )
        .await
        .expect("dept");
    let a = make_user(store, county.id, "a1", &[Role::Admin]).await;
    let b = make_user(store, other.id, "b1", &[Role::Admin]).await;
    assert_eq!(store.list_users(county.id).await.expect("list"), vec![a]);
    assert_eq!(store.list_users(other.id).await.expect("list"), vec![b]);
}

pub async fn user_activation_and_password(store: &dyn Store) {
    let county = make_county(store).await;
    let u = make_user(store, county.id, "wangwu", &[Role::Editor]).await;
    let off = store.set_user_active(&Actor::system(), u.id, false).await.expect("deactivate");
    assert!(!off.active);
    store.set_user_password(&Actor::system(), u.id, "$argon2id$new".into()).await.expect("pw");
    let (_, hash) = store.find_login("wangwu").await.expect("login").expect("exists");
    assert_eq!(hash, "$argon2id$new");
    let audit = store.list_audit(AuditFilter { limit: 2, ..Default::default() }).await.expect("audit");
    assert_eq!(audit[0].action, "user.set_password");
    assert!(!audit[0].after.contains("argon2"), "hashes never reach the audit log");
    assert_eq!(audit[1].action, "user.deactivate");
    assert!(matches!(store.set_user_active(&Actor::system(), 999, true).await, Err(StoreError::NotFound(_))));
    // Roles are replaced, audited, and every session of the user ends.
    store
        .create_session(NewSession {
            token_hash: "r1".into(),
            user_id: u.id,
            csrf_token: "c".into(),
            expires_at: chrono::Utc::now() + Duration::hours(1),
        })
        .await
        .expect("session");
    let changed = store
        .set_user_roles(&Actor::system(), u.id, vec![Role::Approver, Role::Reviewer])
        .await
        .expect("roles");
    assert_eq!(changed.roles, vec![Role::Reviewer, Role::Approver], "stored in the canonical order");
    let again = store.get_user(u.id).await.expect("get").expect("user");
    assert_eq!(again.roles, changed.roles);
    assert!(store.get_session("r1", chrono::Utc::now()).await.expect("get").is_none(), "signed out");
    let audit = store.list_audit(AuditFilter { limit: 1, ..Default::default() }).await.expect("audit");
    assert_eq!(audit[0].action, "user.set_roles");
    assert!(matches!(
        store.set_user_roles(&Actor::system(), 999, vec![]).await,
        Err(StoreError::NotFound(_))
    ));
}

/// Issue 14: an API token stands for its user until revoked or expired; its use is recorded.
pub async fn api_tokens_act_revoke_and_expire(store: &dyn Store) {
    let county = make_county(store).await;
    let u = make_user(store, county.id, "oa_bot", &[Role::Editor]).await;
    let a = Actor::system();
    let now = chrono::Utc::now();
    let t = store.create_api_token(&a, u.id, "OA系统", "hash-1", None).await.expect("token");
    let s = store.api_token_session("hash-1", now).await.expect("q").expect("valid");
    assert_eq!(s.user.id, u.id);
    assert!(store.list_api_tokens(u.id).await.expect("list")[0].last_used_at.is_some(), "use recorded");
    assert!(store.api_token_session("nope", now).await.expect("q").is_none());
    let old =
        store.create_api_token(&a, u.id, "旧令牌", "hash-2", Some(now - Duration::days(1))).await.expect("t");
    assert!(store.api_token_session("hash-2", now).await.expect("q").is_none(), "expired");
    let revoked = store.revoke_api_token(&a, t.id).await.expect("revoke");
    assert!(revoked.revoked_at.is_some());
    assert!(store.api_token_session("hash-1", now).await.expect("q").is_none(), "revoked");
    assert_eq!(store.list_api_tokens(u.id).await.expect("list").len(), 2);
    assert!(matches!(store.revoke_api_token(&a, old.id + 100).await, Err(StoreError::NotFound(_))));
    let audit = store.list_audit(AuditFilter { limit: 1, ..Default::default() }).await.expect("audit");
    assert_eq!(audit[0].action, "token.revoke");
    store.set_user_active(&a, u.id, false).await.expect("deactivate");
    let t3 = store.create_api_token(&a, u.id, "停用后", "hash-3", None).await.expect("t");
    assert!(store.api_token_session("hash-3", now).await.expect("q").is_none(), "inactive user");
    let _ = t3;
}

pub async fn sessions_expire(store: &dyn Store) {
    let county = make_county(store).await;
    let u = make_user(store, county.id, "zhaoliu", &[Role::Editor]).await;
    let now = chrono::Utc::now();
    store
        .create_session(NewSession {
            token_hash: "t1".into(),
            user_id: u.id,
            csrf_token: "c1".into(),
            expires_at: now + Duration::hours(1),
        })
        .await
        .expect("session");
    store
        .create_session(NewSession {
            token_hash: "t2".into(),
            user_id: u.id,
            csrf_token: "c2".into(),
            expires_at: now - Duration::seconds(1),
        })
        .await
        .expect("session");
    let s = store.get_session("t1", now).await.expect("get").expect("live");
    assert_eq!(s.user.id, u.id);
    assert_eq!(s.csrf_token, "c1");
    assert!(store.get_session("t2", now).await.expect("get").is_none(), "expired");
    assert!(store.get_session("nope", now).await.expect("get").is_none());
    assert_eq!(store.purge_expired_sessions(now).await.expect("purge"), 1);
    store.delete_session("t1").await.expect("delete");
    assert!(store.get_session("t1", now).await.expect("get").is_none());
    // a deactivated user's sessions stop working
    store
        .create_session(NewSession {
            token_hash: "t3".into(),
            user_id: u.id,
            csrf_token: "c3".into(),
            expires_at: now + Duration::hours(1),
        })
        .await
        .expect("session");
    store.set_user_active(&Actor::system(), u.id, false).await.expect("deactivate");
    assert!(store.get_session("t3", now).await.expect("get").is_none());
}

pub async fn audit_chain_grows_with_every_change(store: &dyn Store) {
    let county = make_county(store).await;
    let u = make_user(store, county.id, "sunqi", &[Role::Admin]).await;
    store
        .record_event(
            &Actor::user(&u),
            AuditEvent {
                action: "auth.login".into(),
                subject: format!("user:{}", u.id),
                agency_id: None,
                before: String::new(),
                after: String::new(),
            },
        )
        .await
        .expect("event");
    assert_eq!(verify(store).await, 3);
    let all = store.audit_after(0, 10).await.expect("after");
    assert_eq!(all.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert_eq!(all[0].action, "agency.create");
    assert_eq!(all[1].action, "user.create");
    assert_eq!(all[1].agency_id, Some(county.id));
    assert_eq!(all[2].actor, "sunqi");
    assert_eq!(all[2].agency_id, Some(county.id), "filed under the actor's agency");
    assert_eq!(store.audit_after(2, 10).await.expect("after").len(), 1);
}

pub async fn audit_filter_and_paging(store: &dyn Store) {
    let county = make_county(store).await;
    for i in 0..5 {
        make_user(store, county.id, &format!("u{i}"), &[Role::Editor]).await;
    }
    let newest = store.list_audit(AuditFilter { limit: 3, ..Default::default() }).await.expect("list");
    assert_eq!(newest.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![6, 5, 4]);
    let older = store
        .list_audit(AuditFilter { limit: 10, before_seq: Some(4), ..Default::default() })
        .await
        .expect("list");
    assert_eq!(older.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![3, 2, 1]);
    let none = store
        .list_audit(AuditFilter { limit: 10, agency_ids: Some(vec![county.id + 100]), before_seq: None })
        .await
        .expect("list");
    assert!(none.is_empty());
    let mine = store
        .list_audit(AuditFilter { limit: 10, agency_ids: Some(vec![county.id]), before_seq: None })
        .await
        .expect("list");
    assert_eq!(mine.len(), 6);
}

pub async fn calendar_years_upsert(store: &dyn Store) {
    store.put_calendar_year(&Actor::system(), 2027, "a".into()).await.expect("put");
    store.put_calendar_year(&Actor::system(), 2027, "b".into()).await.expect("put again");
    store.put_calendar_year(&Actor::system(), 2028, "c".into()).await.expect("put");
    let years = store.list_calendar_years().await.expect("list");
    assert_eq!(
        years.iter().map(|y| (y.year, y.source.as_str())).collect::<Vec<_>>(),
        vec![(2027, "b"), (2028, "c")]
    );
    assert_eq!(verify(store).await, 3);
}

/// Many concurrent writers: no lost write, no fork in the chain.
pub async fn concurrent_writes_keep_chain(store: &dyn Store) {
    let county = make_county(store).await;
    // `store` is borrowed; run the writers as joined futures on this task's runtime.
    let names: Vec<String> = (0..40).map(|i| format!("c{i}")).collect();
    let mut handles = Vec::new();
    for name in &names {
        handles.push(make_user(store, county.id, name, &[Role::Editor]));
    }
    let users = futures_join_all(handles).await;
    assert_eq!(users.len(), 40);
    assert_eq!(store.list_users(county.id).await.expect("list").len(), 40);
    assert_eq!(verify(store).await, 41);
}

/// Minimal join_all (avoids a `futures` dependency): polls every future until all finish.
pub(crate) async fn futures_join_all<F>(futs: Vec<F>) -> Vec<F::Output>
where
    F: std::future::Future,
    F::Output: Unpin,
{
    use std::pin::Pin;
    use std::task::{Context, Poll};
    struct JoinAll<F: std::future::Future> {
        futs: Vec<Option<Pin<Box<F>>>>,
        out: Vec<Option<F::Output>>,
    }
    impl<F: std::future::Future> std::future::Future for JoinAll<F>
    where
        F::Output: Unpin,
    {
        type Output = Vec<F::Output>;
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            let this = self.get_mut();
            let mut pending = false;
            for (i, slot) in this.futs.iter_mut().enumerate() {
                if let Some(f) = slot {
                    match f.as_mut().poll(cx) {
                        Poll::Ready(v) => {
                            this.out[i] = Some(v);
                            *slot = None;
                        }
                        Poll::Pending => pending = true,
                    }
                }
            }
            if pending {
                Poll::Pending
            } else {
                Poll::Ready(this.out.iter_mut().filter_map(Option::take).collect())
            }
        }
    }
    let n = futs.len();
    JoinAll {
        futs: futs.into_iter().map(|f| Some(Box::pin(f))).collect(),
        out: (0..n).map(|_| None).collect(),
    }
    .await
}
