//! `gongkai`: the one binary. Parses the command line, loads the layered configuration, picks
//! the database backend from the URL, and runs the command.

#![forbid(unsafe_code)]

mod agency_import;
mod config;
mod demo;
mod demo_catalog;
mod demo_consultations;
mod demo_messages;
mod demo_requests;
mod sandbox;
mod user_import;

use anyhow::{Context, anyhow, bail};
use chrono::Datelike;
use clap::{Args, Parser, Subcommand};
use config::Config;
use gongkai_check::check::FileReport;
use gongkai_domain::audit::ChainVerifier;
use gongkai_domain::calendar::{WorkCalendar, parse_arrangements, parse_count, parse_date};
use gongkai_domain::clock::{ClockSettings, compute, timeline_from_cli};
use gongkai_domain::role::Role;
use gongkai_store::{Actor, NewUser, Store};
use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    subcommand_help_heading = "命令",
    subcommand_value_name = "命令",
    next_help_heading = "选项",
    name = "gongkai",
    version,
    about = "Gongkai 政府信息公开工作平台：主动公开目录、依申请公开、年度报告与年报体检"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Options every command that touches data shares.
#[derive(Args, Clone, Debug, Default)]
struct DataOpts {
    /// 数据目录（默认 ./gongkai-data；环境变量 GONGKAI_DATA_DIR）
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    /// 数据库地址：sqlite://文件 或 postgres://…（默认使用数据目录中的 SQLite；环境变量
    /// GONGKAI_DATABASE_URL）
    #[arg(long, global = true)]
    database_url: Option<String>,
    /// TOML 配置文件
    #[arg(long, global = true, env = "GONGKAI_CONFIG")]
    config: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// 运行网站服务（公众门户、工作人员平台、接口）。
    Serve {
        /// 监听地址（默认 127.0.0.1:8080；环境变量 GONGKAI_LISTEN）
        #[arg(long)]
        listen: Option<String>,
        /// 首次启动时载入示例县演示数据，并显示演示账号和密码
        #[arg(long)]
        demo: bool,
        #[command(flatten)]
        data: DataOpts,
    },
    /// 执行数据库迁移后退出。
    Migrate {
        #[command(flatten)]
        data: DataOpts,
    },
    /// 首次安装：数据库中尚无机关时，创建最高层级机关和第一位管理员（密码在提示后输入或从标准输入读取）。
    Init {
        /// 机关完整名称（如 某某县人民政府）
        #[arg(long)]
        agency: String,
        /// 层级：省级、市级、县级、乡镇级
        #[arg(long, default_value = "县级")]
        level: String,
        /// 类型：人民政府、政府工作部门、街道办事处、其他机关
        #[arg(long, default_value = "人民政府")]
        kind: String,
        /// 统一社会信用代码（可选）
        #[arg(long)]
        credit_code: Option<String>,
        /// 管理员登录名
        #[arg(long)]
        admin: String,
        /// 管理员姓名（默认同登录名）
        #[arg(long)]
        display_name: Option<String>,
        #[command(flatten)]
        data: DataOpts,
    },
    /// 管理机关：从表格导入（CSV 或 XLSX）、列出。
    Agency {
        #[command(subcommand)]
        command: AgencyCommand,
    },
    /// 工作台账（Excel）：一个机关一年的全部记录。
    Ledger {
        #[command(subcommand)]
        command: LedgerCommand,
    },
    /// 接口令牌：以某位工作人员的身份调用 /api/v1（Authorization: Bearer …）。
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// 管理工作人员账号。
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// 配置文件工具。
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// 操作日志工具。
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// 法定工作日历（国务院办公厅公布的节假日和调休安排）。
    Calendar {
        #[command(subcommand)]
        command: CalendarCommand,
        #[command(flatten)]
        data: DataOpts,
    },
    /// 公开目录的检索索引。
    Search {
        #[command(subcommand)]
        command: SearchCommand,
        #[command(flatten)]
        data: DataOpts,
    },
    /// 计算依申请公开的答复期限并给出计算说明。
    Deadline(DeadlineArgs),
    /// 根据办理记录生成政府信息公开工作年度报告。
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
    /// 年报体检：读取已发布的年度报告（HTML、文本、DOCX、PDF）并列出问题。
    /// 退出码：2 表示有文件无法读取，1 表示发现错误，0 表示未发现错误。
    Check {
        /// 年报文件或包含年报的文件夹
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// 以 JSON 数组输出（默认输出可读文本）
        #[arg(long)]
        json: bool,
        /// 另存汇总表（XLSX：每份报告一行，每类问题一列）
        #[arg(long)]
        summary: Option<PathBuf>,
    },
    /// Internal: read one untrusted document from stdin under resource limits and write the
    /// result as JSON (run by the server and by `check` for every file).
    #[command(hide = true)]
    Sandbox {
        /// What to do with the document
        #[arg(value_enum)]
        job: sandbox::Job,
        /// The file's name as uploaded
        #[arg(long)]
        name: String,
        /// Address-space limit, MiB
        #[arg(long, default_value_t = 1024)]
        memory_mb: u64,
        /// CPU-time limit, seconds
        #[arg(long, default_value_t = 30)]
        cpu_seconds: u64,
    },
}

#[derive(Subcommand)]
enum ReportCommand {
    /// 输出机关某一年度的年度报告，格式由文件扩展名决定（.html .docx .pdf .xlsx .md .json）。
    /// 已锁定发布的版本按发布时的内容输出；否则按当前记录和草稿文字生成。
    Annual {
        /// 机关编号或完整名称
        #[arg(long)]
        agency: String,
        /// 报告年度（已经开始的年度）
        #[arg(long)]
        year: i32,
        /// 汇总本机关及全部下级机关（上级汇总）
        #[arg(long)]
        rollup: bool,
        /// 输出文件，扩展名决定格式（如 2025.docx）
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        data: DataOpts,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// 为工作人员新建接口令牌；令牌只显示一次，单独打印在最后一行。
    Create {
        /// 机关编号或完整名称
        #[arg(long)]
        agency: String,
        /// 工作人员登录名
        #[arg(long)]
        user: String,
        /// 令牌用途（如 OA系统）
        #[arg(long)]
        name: String,
        /// 有效天数（默认长期有效，可随时吊销）
        #[arg(long)]
        expires_days: Option<u32>,
        #[command(flatten)]
        data: DataOpts,
    },
    /// 列出工作人员的接口令牌（不显示令牌本身）。
    List {
        /// 机关编号或完整名称
        #[arg(long)]
        agency: String,
        /// 工作人员登录名
        #[arg(long)]
        user: String,
        #[command(flatten)]
        data: DataOpts,
    },
    /// 吊销接口令牌。
    Revoke {
        /// 令牌编号（见 token list）
        #[arg(long)]
        id: i64,
        #[command(flatten)]
        data: DataOpts,
    },
}

#[derive(Subcommand)]
enum AgencyCommand {
    /// 从表格导入机关（表头：名称、上级机关、层级、类型、统一社会信用代码，可加 工作机构、办公地址、
    /// 办公时间、联系电话、传真、电子邮箱）。按名称新建或更新联系信息；任一行有误则不写入，列出每个有误的行。
    Import {
        /// 机关表格（.csv 或 .xlsx）
        file: PathBuf,
        #[command(flatten)]
        data: DataOpts,
    },
    /// 列出全部机关。
    List {
        /// 以 JSON 数组输出：{id, name, parent, level, kind, credit_code}
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        data: DataOpts,
    },
}

#[derive(Subcommand)]
enum LedgerCommand {
    /// 导出台账：依申请公开（每件一行，注明计入表三的行）、复议诉讼、主动公开、留言、意见征集、工作登记，
    /// 中文表头，横向打印、每页重复表头。
    Export {
        /// 机关全称或编号
        #[arg(long)]
        agency: String,
        /// 年度
        #[arg(long)]
        year: i32,
        /// 输出文件（.xlsx）
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        data: DataOpts,
    },
}

#[derive(Subcommand)]
enum CalendarCommand {
    /// 判断某日是否工作日：输出 workday、weekend、holiday <节日> 或 makeup-workday <节日>。
    IsWorkday {
        /// 日期（YYYY-MM-DD）
        date: String,
    },
    /// 某日之后第 N 个工作日的日期（当日不计入，民法典第二百零一条）。
    #[command(allow_negative_numbers = true)]
    AddWorkdays {
        /// 起算日期（YYYY-MM-DD）
        date: String,
        /// 工作日数
        n: String,
    },
    /// 以 CSV（date,kind,name）导出各年度的法定休息日和调休上班日。
    Export {
        /// 起始年度
        #[arg(long)]
        from: i32,
        /// 截止年度
        #[arg(long)]
        to: i32,
    },
    /// 导入新公布年度（或更正）的节假日安排，格式见 docs/CALENDAR.md。
    Import {
        /// 节假日安排文件（CSV，格式见 docs/CALENDAR.md）
        file: PathBuf,
    },
    /// 列出已有日历的年度（内置和导入）。
    Years,
}

#[derive(Args)]
struct DeadlineArgs {
    /// 收到申请之日（需要确认的渠道为提交日期）
    #[arg(long)]
    received: String,
    /// 提交渠道：in_person（当面）| registered_mail（挂号信）| ordinary_mail（平信）| online（网上）| fax（传真）
    #[arg(long)]
    channel: Option<String>,
    /// 出具补正告知书的日期
    #[arg(long, requires = "corrected")]
    correction_notice: Option<String>,
    /// 收到补正后申请的日期
    #[arg(long, requires = "correction_notice")]
    corrected: Option<String>,
    /// 征求意见期间 起:止（默认征求第三方意见；征求其他机关意见时加前缀 agency:）
    #[arg(long)]
    consultation: Vec<String>,
    /// 已延长答复期限（条例第三十三条）
    #[arg(long)]
    extended: bool,
    /// 申请人收到收费通知的日期
    #[arg(long)]
    fee_notice: Option<String>,
    /// 缴费日期
    #[arg(long, requires = "fee_notice")]
    paid: Option<String>,
    /// 按此日期计算剩余工作日（默认今天，北京时间）
    #[arg(long)]
    as_of: Option<String>,
    /// 缴费期间不中止答复期限（默认中止）
    #[arg(long)]
    fee_period_runs: bool,
    /// 以 JSON 输出（默认输出计算说明）
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    data: DataOpts,
}

#[derive(Subcommand)]
enum UserCommand {
    /// 新增工作人员账号；密码在提示后输入，或从标准输入的第一行读取。
    Add {
        /// 机关编号或完整名称（如 示例县人民政府）
        #[arg(long)]
        agency: String,
        /// 角色，逗号分隔：admin（管理员）、editor（信息员）、reviewer（保密审查）、approver（审签领导）、supervisor（上级监督）
        #[arg(long, value_delimiter = ',', required = true)]
        role: Vec<String>,
        /// 登录名（字母、数字、. _ -）
        #[arg(long)]
        name: String,
        /// 页面上显示的姓名（默认同登录名）
        #[arg(long)]
        display_name: Option<String>,
        #[command(flatten)]
        data: DataOpts,
    },
    /// 从表格批量导入工作人员账号（.xlsx 或 .csv，表头：登录名、姓名、所属机关、角色）。全部检查通过才写入；
    /// 每个账号生成一个临时密码，只在此显示一次，本人首次登录后须修改。
    Import {
        /// 表格文件（.xlsx 或 UTF-8 的 .csv）；角色写中文名称（如 信息员、审签领导），多个用顿号分隔
        file: PathBuf,
        #[command(flatten)]
        data: DataOpts,
    },
    /// 列出机关的工作人员账号。
    List {
        /// 机关编号或完整名称
        #[arg(long)]
        agency: String,
        #[command(flatten)]
        data: DataOpts,
    },
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// 输出带说明的示例配置文件。
    Example,
}

#[derive(Subcommand)]
enum SearchCommand {
    /// 根据数据库重建已公开信息的检索索引（请先停止网站服务：服务运行时占用索引）。
    Reindex,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// 重新计算操作日志的哈希链，指出第一条被改动的记录。
    Verify {
        #[command(flatten)]
        data: DataOpts,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A sandbox child runs one job synchronously, without a runtime or threads of its own.
    if let Command::Sandbox { job, name, memory_mb, cpu_seconds } = &cli.command {
        return sandbox::child(*job, name, *memory_mb, *cpu_seconds);
    }
    let rt = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("错误：无法启动运行时：{e}");
            return ExitCode::FAILURE;
        }
    };
    let result = rt.block_on(run(cli));
    // Work still running on the blocking pool (an in-process document check) must not keep a
    // stopping process alive; sandbox children die with the tasks that own them.
    rt.shutdown_timeout(std::time::Duration::from_secs(2));
    match result {
        Ok(code) => code,
        Err(e) => {
            // One line that names the problem; causes joined, never a backtrace.
            let msg = e.chain().map(|c| c.to_string()).collect::<Vec<_>>().join(": ");
            eprintln!("错误：{msg}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Config { command: ConfigCommand::Example } => {
            print!("{}", config::EXAMPLE);
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve { listen, demo, data } => {
            let mut cfg = load_config(&data)?;
            if let Some(l) = listen {
                cfg.listen = l;
            }
            init_logging(&cfg.log);
            serve(cfg, demo).await
        }
        Command::Search { command: SearchCommand::Reindex, data } => {
            let cfg = load_config(&data)?;
            init_logging(&cfg.log);
            let store = open_existing_store(&cfg).await?;
            let app = gongkai_app::App::new(store, app_settings(&cfg));
            let n = search_index(&app, &cfg, true).await?.unwrap_or(0);
            println!("search index rebuilt: {n} published items ({})", cfg.data_dir.join("search").display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate { data } => {
            let cfg = load_config(&data)?;
            let store = open_store(&cfg).await?;
            println!("migrations applied ({} database {})", store.backend(), shown_url(&cfg));
            Ok(ExitCode::SUCCESS)
        }
        Command::Init { agency, level, kind, credit_code, admin, display_name, data } => {
            let cfg = load_config(&data)?;
            let top = [
                ("名称", agency.clone()),
                ("上级机关", String::new()),
                ("层级", level),
                ("类型", kind),
                ("统一社会信用代码", credit_code.unwrap_or_default()),
            ];
            init(&cfg, &top, &agency, &admin, display_name).await
        }
        Command::Token { command } => token_command(command).await,
        Command::Agency { command: AgencyCommand::Import { file, data } } => {
            let cfg = load_config(&data)?;
            agency_import_command(&cfg, &file).await
        }
        Command::Ledger { command: LedgerCommand::Export { agency, year, out, data } } => {
            let cfg = load_config(&data)?;
            let store = open_existing_store(&cfg).await?;
            let agency = find_agency(store.as_ref(), &agency).await?;
            let app = gongkai_app::App::new(store, app_settings(&cfg));
            let bytes = gongkai_app::ledger::export(&app, &agency, year)
                .await
                .map_err(|e| anyhow!("{}", e.message()))?;
            std::fs::write(&out, &bytes).with_context(|| format!("无法写入 {}", out.display()))?;
            println!("已导出 {}{year} 年台账：{}（{} 字节）", agency.name, out.display(), bytes.len());
            Ok(ExitCode::SUCCESS)
        }
        Command::Agency { command: AgencyCommand::List { json, data } } => {
            let cfg = load_config(&data)?;
            let store = open_existing_store(&cfg).await?;
            agency_list(store.as_ref(), json).await
        }
        Command::User { command } => match command {
            UserCommand::Add { agency, role, name, display_name, data } => {
                let cfg = load_config(&data)?;
                user_add(&cfg, &agency, &role, &name, display_name).await
            }
            UserCommand::Import { file, data } => {
                let cfg = load_config(&data)?;
                user_import_command(&cfg, &file).await
            }
            UserCommand::List { agency, data } => {
                let cfg = load_config(&data)?;
                let store = open_existing_store(&cfg).await?;
                let a = find_agency(store.as_ref(), &agency).await?;
                for u in store.list_users(a.id).await? {
                    let roles = u.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",");
                    let state = if u.active { "active" } else { "inactive" };
                    println!("{}\t{}\t{}\t{roles}\t{state}", u.id, u.username, u.display_name);
                }
                Ok(ExitCode::SUCCESS)
            }
        },
        Command::Calendar { command, data } => {
            let cfg = load_config(&data)?;
            calendar_command(&cfg, command).await
        }
        Command::Deadline(args) => {
            let cfg = load_config(&args.data)?;
            deadline_command(&cfg, &args).await
        }
        Command::Check { files, json, summary } => check_command(&files, json, summary.as_deref()).await,
        Command::Sandbox { .. } => bail!("the sandbox job runs without a runtime"),
        Command::Report { command: ReportCommand::Annual { agency, year, rollup, out, data } } => {
            let cfg = load_config(&data)?;
            report_annual(&cfg, &agency, year, rollup, &out).await
        }
        Command::Audit { command: AuditCommand::Verify { data } } => {
            let cfg = load_config(&data)?;
            let store = open_existing_store(&cfg).await?;
            audit_verify(store.as_ref()).await
        }
    }
}

async fn report_annual(
    cfg: &Config,
    agency: &str,
    year: i32,
    rollup: bool,
    out: &Path,
) -> anyhow::Result<ExitCode> {
    let ext = out.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    if !["html", "docx", "pdf", "xlsx", "md", "json"].contains(&ext.as_str()) {
        anyhow::bail!("无法识别的输出格式 {:?}：文件名应以 .html .docx .pdf .xlsx .md 或 .json 结尾", out);
    }
    let store = open_existing_store(cfg).await?;
    let a = find_agency(store.as_ref(), agency).await?;
    let app = gongkai_app::App::new(store, app_settings(cfg));
    let c = gongkai_app::annual::compute(&app, &a, year, rollup)
        .await
        .map_err(|e| anyhow::anyhow!(e.message()))?;
    let (bytes, _) = gongkai_app::annual::export(&c.doc, &ext).map_err(|e| anyhow::anyhow!(e.message()))?;
    std::fs::write(out, &bytes).with_context(|| format!("无法写入 {}", out.display()))?;
    let errors = c.lint.iter().filter(|f| f.severity == gongkai_annual::Severity::Error).count();
    println!(
        "{}: {} ({} bytes){}",
        c.doc.title(),
        out.display(),
        bytes.len(),
        if errors > 0 {
            format!(", {errors} pre-publication error(s) — see the staff page")
        } else {
            String::new()
        }
    );
    Ok(ExitCode::SUCCESS)
}

fn load_config(opts: &DataOpts) -> anyhow::Result<Config> {
    let mut cfg = Config::load(opts.config.as_deref())?;
    if let Some(d) = &opts.data_dir {
        cfg.data_dir = d.clone();
    }
    if let Some(u) = &opts.database_url {
        cfg.database_url = u.clone();
    }
    Ok(cfg)
}

fn shown_url(cfg: &Config) -> String {
    gongkai_store_sql::redact_url(&cfg.database_url())
}

/// Checks the URL, makes sure the data directory exists and is writable (for SQLite), and
/// connects. Nothing is created before the URL is known to be usable.
/// The store for a command that reads data (reports, user lists, the audit check, reindexing):
/// a SQLite data directory that holds no database yet is refused with what to run instead,
/// rather than answered from a new, empty database (issue 13).
async fn open_existing_store(cfg: &Config) -> anyhow::Result<Arc<dyn Store>> {
    let url = cfg.database_url();
    if let gongkai_store_sql::DatabaseUrl::Sqlite(_) = gongkai_store_sql::DatabaseUrl::parse(&url)?
        && let Some(path) = sqlite_path(&url)
        && !path.exists()
    {
        bail!(
            "{} 中没有 Gongkai 数据库（{}）：请先运行 `gongkai serve`（或 `gongkai migrate`）创建，或用 --data-dir / --database-url 指定已有的数据",
            cfg.data_dir.display(),
            path.display()
        );
    }
    open_store(cfg).await
}

async fn open_store(cfg: &Config) -> anyhow::Result<Arc<dyn Store>> {
    let url = cfg.database_url();
    let kind = gongkai_store_sql::DatabaseUrl::parse(&url)?;
    if let gongkai_store_sql::DatabaseUrl::Sqlite(_) = kind {
        if cfg.database_url.trim().is_empty() {
            ensure_writable_dir(&cfg.data_dir)?;
        } else if let Some(parent) = sqlite_path(&url).and_then(|p| p.parent().map(Path::to_path_buf))
            && !parent.as_os_str().is_empty()
        {
            ensure_writable_dir(&parent)?;
        }
    }
    gongkai_store_sql::connect(&url).await.map_err(|e| anyhow!("{e}"))
}

fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    Some(PathBuf::from(rest.split('?').next().unwrap_or(rest)))
}

fn ensure_writable_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("无法创建数据目录 {}", dir.display()))?;
    let probe = dir.join(".gongkai-write-test");
    std::fs::write(&probe, b"ok").with_context(|| format!("数据目录 {} 不可写", dir.display()))?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// `gongkai agency import FILE`: all rows checked first; exit 1 with every bad row, nothing written.
async fn agency_import_command(cfg: &Config, file: &Path) -> anyhow::Result<ExitCode> {
    let rows = agency_import::read_rows(file)?;
    let store = open_store(cfg).await?;
    let existing = store.list_agencies().await?;
    let plan = match agency_import::plan(&rows, &existing) {
        Ok(p) => p,
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            eprintln!("错误：{} 处有误，未导入任何机关", errors.len());
            return Ok(ExitCode::FAILURE);
        }
    };
    let (created, updated) = agency_import::write(store.as_ref(), &Actor::cli(), &plan).await?;
    println!("已导入：新建 {created} 个机关，更新 {updated} 个机关的联系信息（共 {} 行）", plan.len());
    Ok(ExitCode::SUCCESS)
}

/// `gongkai user import FILE` (issue 14): every row checked first; all accounts in one
/// transaction; the temporary passwords printed once.
async fn user_import_command(cfg: &Config, file: &Path) -> anyhow::Result<ExitCode> {
    let rows = agency_import::read_rows(file)?;
    let store = open_existing_store(cfg).await?;
    let agencies = store.list_agencies().await?;
    let mut taken = Vec::new();
    for a in &agencies {
        taken.extend(store.list_users(a.id).await?.into_iter().map(|u| u.username));
    }
    let plan = match user_import::plan(&rows, &agencies, &taken) {
        Ok(p) => p,
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            eprintln!("错误：{} 处有误，未导入任何账号", errors.len());
            return Ok(ExitCode::FAILURE);
        }
    };
    let accounts = user_import::accounts(&plan)?;
    let created = store
        .create_users(&Actor::cli(), accounts.iter().map(|(n, _)| n.clone()).collect())
        .await
        .map_err(|e| match e {
            gongkai_store::StoreError::Conflict(_) => {
                anyhow!("有登录名刚被他人使用，未导入任何账号，请重新运行")
            }
            other => anyhow!("{other}"),
        })?;
    println!("行\t登录名\t姓名\t所属机关\t临时密码");
    for (p, (_, password)) in plan.iter().zip(&accounts) {
        println!("第{}行\t{}\t{}\t{}\t{password}", p.line, p.username, p.display_name, p.agency_name);
    }
    println!(
        "已导入 {} 个账号。临时密码只显示这一次，请分别告知本人；本人首次登录后须设置自己的密码。",
        created.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// `gongkai init`: the top agency (checked as an import row) and its first admin, on a database
/// that has no agency yet (issue 14).
async fn init(
    cfg: &Config,
    top: &[(&str, String)],
    agency: &str,
    admin: &str,
    display_name: Option<String>,
) -> anyhow::Result<ExitCode> {
    let store = open_store(cfg).await?;
    let existing = store.list_agencies().await?;
    if let Some(a) = existing.iter().find(|a| a.parent_id.is_none()) {
        bail!("本平台已有最高层级机关“{}”，无需初始化；新增机关请用 gongkai agency import", a.name);
    }
    let row = agency_import::Row {
        line: 2,
        cells: top.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect(),
    };
    let plan = agency_import::plan(&[row], &existing)
        .map_err(|e| anyhow!("{}", e.join("；").replace("第2行：", "")))?;
    agency_import::write(store.as_ref(), &Actor::cli(), &plan).await?;
    drop(store);
    println!("已创建最高层级机关“{agency}”");
    user_add(cfg, agency, &["admin".to_owned()], admin, display_name).await
}

/// The staff member `login` of `agency`.
async fn staff_of(store: &dyn Store, agency: &str, login: &str) -> anyhow::Result<gongkai_store::User> {
    let a = find_agency(store, agency).await?;
    let (u, _) =
        store.find_login(login).await?.ok_or_else(|| anyhow!("没有登录名为 {login:?} 的工作人员"))?;
    if u.agency_id != a.id {
        bail!("工作人员 {login:?} 不属于“{}”", a.name);
    }
    Ok(u)
}

/// `gongkai token create|list|revoke` (issue 14).
async fn token_command(command: TokenCommand) -> anyhow::Result<ExitCode> {
    match command {
        TokenCommand::Create { agency, user, name, expires_days, data } => {
            let cfg = load_config(&data)?;
            let store = open_existing_store(&cfg).await?;
            let u = staff_of(store.as_ref(), &agency, &user).await?;
            let name = name.trim();
            if name.is_empty() || name.chars().count() > 60 {
                bail!("令牌用途应为 1–60 个字");
            }
            let token = gongkai_app::accounts::new_api_token();
            let expires = expires_days.map(|d| chrono::Utc::now() + chrono::Duration::days(i64::from(d)));
            let t = store
                .create_api_token(
                    &Actor::cli(),
                    u.id,
                    name,
                    &gongkai_app::accounts::token_hash(&token),
                    expires,
                )
                .await?;
            println!("已为 {} 新建接口令牌 {}（{}），请立即保存，之后不再显示：", u.username, t.id, t.name);
            println!("{token}");
            Ok(ExitCode::SUCCESS)
        }
        TokenCommand::List { agency, user, data } => {
            let cfg = load_config(&data)?;
            let store = open_existing_store(&cfg).await?;
            let u = staff_of(store.as_ref(), &agency, &user).await?;
            for t in store.list_api_tokens(u.id).await? {
                let state = if t.revoked_at.is_some() { "已吊销" } else { "有效" };
                let used = t.last_used_at.map_or_else(|| "未使用".to_owned(), |d| d.to_rfc3339());
                println!("{}\t{}\t{state}\t最近使用：{used}", t.id, t.name);
            }
            Ok(ExitCode::SUCCESS)
        }
        TokenCommand::Revoke { id, data } => {
            let cfg = load_config(&data)?;
            let store = open_existing_store(&cfg).await?;
            let t = store.revoke_api_token(&Actor::cli(), id).await?;
            println!("已吊销接口令牌 {}（{}）", t.id, t.name);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `gongkai agency list [--json]`.
async fn agency_list(store: &dyn Store, json: bool) -> anyhow::Result<ExitCode> {
    let all = store.list_agencies().await?;
    let name_of = |id: Option<i64>| id.and_then(|i| all.iter().find(|a| a.id == i)).map(|a| a.name.clone());
    if json {
        let v: Vec<serde_json::Value> = all
            .iter()
            .map(|a| {
                serde_json::json!({"id": a.id, "name": a.name, "parent": name_of(a.parent_id),
                    "level": a.level.as_str(), "kind": a.kind.as_str(), "credit_code": a.code})
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        for a in &all {
            println!(
                "{}\t{}\t{}\t{}\t{}",
                a.id,
                a.name,
                a.level.label(),
                a.kind.label(),
                name_of(a.parent_id).unwrap_or_else(|| "—".into())
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn find_agency(store: &dyn Store, key: &str) -> anyhow::Result<gongkai_store::Agency> {
    if let Ok(id) = key.trim().parse::<i64>()
        && let Some(a) = store.get_agency(id).await?
    {
        return Ok(a);
    }
    if let Some(a) = store.find_agency_by_name(key.trim()).await? {
        return Ok(a);
    }
    // Suggest the agencies whose name holds what was typed (“城关镇” → 城关镇人民政府).
    let key = key.trim();
    let near: Vec<String> = store
        .list_agencies()
        .await?
        .into_iter()
        .filter(|a| !key.is_empty() && (a.name.contains(key) || key.contains(a.name.as_str())))
        .take(5)
        .map(|a| format!("{}（编号 {}）", a.name, a.id))
        .collect();
    if near.is_empty() {
        bail!("没有编号或完整名称为“{key}”的机关（--agency 可用编号或完整名称）");
    }
    bail!("没有完整名称为“{key}”的机关；是否指：{}？", near.join("、"))
}

async fn user_add(
    cfg: &Config,
    agency: &str,
    roles: &[String],
    name: &str,
    display_name: Option<String>,
) -> anyhow::Result<ExitCode> {
    let roles: Vec<Role> = roles
        .iter()
        .map(|r| {
            Role::parse(r).ok_or_else(|| {
                anyhow!("无法识别的角色 {r:?}：可用 admin、editor、reviewer、approver、supervisor")
            })
        })
        .collect::<anyhow::Result<_>>()?;
    if name.is_empty()
        || name.len() > 32
        || !name.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
    {
        bail!("登录名 {name:?} 应为 1–32 个字母、数字或 . _ -");
    }
    let store = open_existing_store(cfg).await?;
    let agency = find_agency(store.as_ref(), agency).await?;
    let password = read_password()?;
    gongkai_app::accounts::check_password_policy(&password).map_err(|m| anyhow!("密码不符合要求：{m}"))?;
    let hash = gongkai_app::accounts::hash_password(&password).map_err(|e| anyhow!("{}", e.message()))?;
    let user = store
        .create_user(
            &Actor::cli(),
            NewUser {
                agency_id: agency.id,
                username: name.to_string(),
                display_name: display_name.unwrap_or_else(|| name.to_string()),
                roles,
                password_hash: hash,
            },
        )
        .await
        .map_err(|e| match e {
            gongkai_store::StoreError::Conflict(_) => anyhow!("登录名 {name:?} 已被使用"),
            other => anyhow!("{other}"),
        })?;
    println!("created user {} (id {}) in {}", user.username, user.id, agency.name);
    Ok(ExitCode::SUCCESS)
}

fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let p = rpassword::prompt_password("Password (密码): ")?;
        let again = rpassword::prompt_password("Again (再次输入): ")?;
        if p != again {
            bail!("两次输入的密码不一致");
        }
        Ok(p)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

async fn audit_verify(store: &dyn Store) -> anyhow::Result<ExitCode> {
    let mut v = ChainVerifier::default();
    let mut after = 0;
    loop {
        let page = store.audit_after(after, 1000).await?;
        if page.is_empty() {
            break;
        }
        for e in &page {
            if let Err(b) = v.push(e) {
                println!("audit chain BROKEN after {} intact entries: {b}", v.checked);
                return Ok(ExitCode::FAILURE);
            }
        }
        after = page.last().map(|e| e.seq).unwrap_or(after);
    }
    println!("audit chain intact: {} entries verified", v.checked);
    Ok(ExitCode::SUCCESS)
}

/// The official calendar plus any years imported into the database. Read-only commands do not
/// create a database: with no database yet, the built-in years are used.
async fn load_calendar(cfg: &Config) -> anyhow::Result<WorkCalendar> {
    let url = cfg.database_url();
    if let Some(path) = sqlite_path(&url)
        && !path.exists()
    {
        return Ok(WorkCalendar::official());
    }
    let store = open_store(cfg).await?;
    calendar_from_store(store.as_ref()).await
}

async fn calendar_from_store(store: &dyn Store) -> anyhow::Result<WorkCalendar> {
    let mut extra = Vec::new();
    for y in store.list_calendar_years().await? {
        extra.extend(parse_arrangements(&y.source).map_err(|e| anyhow!("已导入的{}年日历：{e}", y.year))?);
    }
    Ok(WorkCalendar::with_years(extra)?)
}

async fn calendar_command(cfg: &Config, command: CalendarCommand) -> anyhow::Result<ExitCode> {
    match command {
        CalendarCommand::IsWorkday { date } => {
            let cal = load_calendar(cfg).await?;
            let d = parse_date(&date)?;
            println!("{}", cal.day_kind(d).cli_label());
            if !cal.is_year_loaded(d.year()) {
                eprintln!("提示：{}年的法定节假日安排尚未载入，只按周末计算", d.year());
            }
        }
        CalendarCommand::AddWorkdays { date, n } => {
            let cal = load_calendar(cfg).await?;
            let r = cal.add_workdays(parse_date(&date)?, parse_count(&n)?)?;
            println!("{}", r.date);
            if let Some(w) = r.warning() {
                eprintln!("提示：{w}");
            }
        }
        CalendarCommand::Export { from, to } => {
            if from > to {
                bail!("--from {from} 晚于 --to {to}");
            }
            let cal = load_calendar(cfg).await?;
            print!("{}", cal.export_csv(from, to));
        }
        CalendarCommand::Import { file } => {
            let text =
                std::fs::read_to_string(&file).with_context(|| format!("无法读取 {}", file.display()))?;
            let years = parse_arrangements(&text).map_err(|e| anyhow!("{}: {e}", file.display()))?;
            if years.is_empty() {
                bail!("{}：没有找到任何年度的节假日安排", file.display());
            }
            // Validate the merge before storing anything.
            let store = open_store(cfg).await?;
            let current = calendar_from_store(store.as_ref()).await?;
            current.merged(years.clone())?;
            for y in &years {
                store.put_calendar_year(&Actor::cli(), y.year, y.to_text_block()).await?;
                println!(
                    "imported {}: {} days off, {} weekend working days",
                    y.year,
                    y.holiday_count(),
                    y.workday_count()
                );
            }
        }
        CalendarCommand::Years => {
            let cal = load_calendar(cfg).await?;
            let years = cal.loaded_years();
            println!("{}", years.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(" "));
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn deadline_command(cfg: &Config, a: &DeadlineArgs) -> anyhow::Result<ExitCode> {
    let cal = load_calendar(cfg).await?;
    let timeline = timeline_from_cli(
        &a.received,
        a.channel.as_deref(),
        a.correction_notice.as_deref(),
        a.corrected.as_deref(),
        &a.consultation,
        a.extended,
        a.fee_notice.as_deref(),
        a.paid.as_deref(),
    )?;
    let as_of = match &a.as_of {
        Some(d) => parse_date(d)?,
        None => (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive(),
    };
    let settings = ClockSettings { fee_period_pauses_clock: !a.fee_period_runs };
    let clock = compute(&timeline, &cal, &settings, as_of)?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&clock)?);
    } else {
        print!("{}", clock.explanation_text());
    }
    Ok(ExitCode::SUCCESS)
}

/// Re-execute this binary for every untrusted document (see `gongkai_app::sandbox`); without
/// a known executable path documents are read in process, under the readers' guards only.
fn configure_sandbox() {
    match std::env::current_exe() {
        Ok(exe) => {
            gongkai_app::sandbox::configure(gongkai_app::sandbox::SandboxConfig::from_env(exe));
        }
        Err(e) => tracing::warn!(error = %e, "own executable unknown: documents are read in process"),
    }
}

async fn check_command(paths: &[PathBuf], json: bool, summary: Option<&Path>) -> anyhow::Result<ExitCode> {
    configure_sandbox();
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("无法读取文件夹 {}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            entries.sort();
            // A folder is read for report files only (issue 13): other files are skipped, counted.
            let total = entries.len();
            entries.retain(|p| is_report_file(p));
            if entries.len() < total {
                eprintln!(
                    "{}：跳过 {} 个非报告文件（只读取 {}）",
                    p.display(),
                    total - entries.len(),
                    REPORT_EXTENSIONS.join(" ")
                );
            }
            files.extend(entries);
        } else {
            files.push(p.clone());
        }
    }
    let mut inputs = Vec::new();
    let mut unreadable = Vec::new();
    for (i, f) in files.iter().enumerate() {
        if files.len() > 1 {
            eprintln!("[{}/{}] {}", i + 1, files.len(), f.display());
        }
        let name = f.display().to_string();
        // A file that cannot be opened gets its own report; the batch continues.
        match std::fs::read(f) {
            Ok(bytes) => inputs.push((name, bytes)),
            Err(e) => unreadable.push((i, FileReport::failed(&name, format!("无法读取文件：{e}")))),
        }
    }
    // Each file in its own sandboxed child, one after the other; then the batch rules.
    let mut reports = Vec::with_capacity(inputs.len());
    for (name, bytes) in inputs {
        reports.push(gongkai_app::sandbox::check(name, bytes).await);
    }
    gongkai_check::check::finish_batch(&mut reports);
    for (i, r) in unreadable {
        reports.insert(i.min(reports.len()), r);
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&reports)?);
    } else {
        print!("{}", gongkai_check::check::render_text(&reports));
    }
    if let Some(out) = summary {
        let bytes = gongkai_check::check::write_summary_xlsx(&reports).map_err(|e| anyhow!("{e}"))?;
        std::fs::write(out, bytes).with_context(|| format!("无法写入 {}", out.display()))?;
        eprintln!("汇总表已写入 {}", out.display());
    }
    // Exit 2: an input could not be read at all; 1: errors were found; 0: none (issue 13).
    // A file that could not be opened or read (无法读取) was not checked at all.
    Ok(if reports.iter().any(|r| r.error.is_some()) {
        ExitCode::from(2)
    } else if gongkai_check::check::has_errors(&reports) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The file kinds `gongkai check DIR` reads.
const REPORT_EXTENSIONS: [&str; 8] = ["pdf", "html", "htm", "shtml", "docx", "txt", "md", "markdown"];

fn is_report_file(p: &Path) -> bool {
    let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    REPORT_EXTENSIONS.contains(&ext.as_str())
}

fn init_logging(filter: &str) {
    let filter = std::env::var("RUST_LOG").unwrap_or_else(|_| filter.to_string());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_new(&filter).unwrap_or_else(|_| "info".into()))
        .with_target(false)
        .try_init();
}

async fn serve(cfg: Config, demo: bool) -> anyhow::Result<ExitCode> {
    tracing::info!(config = ?cfg, "starting");
    configure_sandbox();
    let store = open_store(&cfg).await?;
    if demo {
        let accounts = demo::load(store.as_ref()).await?;
        demo_requests::load(store.clone()).await?;
        demo_catalog::load(store.clone()).await?;
        demo_consultations::load(
            store.clone(),
            gongkai_app::App::new(store.clone(), app_settings(&cfg)).today(),
        )
        .await?;
        demo_messages::load(store.clone()).await?;
        demo_requests::publish_report(store.clone()).await?;
        demo::print_accounts(accounts);
    }
    let web = gongkai_web::WebConfig {
        session_ttl: std::time::Duration::from_secs(cfg.session_ttl_minutes.max(1) * 60),
        cookie_secure: cfg.cookie_secure,
        login_max_failures: cfg.login_max_failures.max(1),
        login_client_max_failures: cfg.login_client_max_failures.max(1),
        login_account_max_failures: cfg.login_account_max_failures.max(1),
        fee_period_pauses_clock: cfg.fee_period_pauses_clock,
        trusted_proxies: cfg.trusted_proxies()?,
        base_url: cfg.base_url()?,
        body_budget_bytes: cfg.body_budget_mb.clamp(1, 1 << 20) << 20,
        mail: cfg.mail()?,
        ..Default::default()
    };
    let state = gongkai_web::AppState::new(store.clone(), web);
    gongkai_app::mail::spawn_worker(state.app.clone());
    search_index(&state.app, &cfg, false).await?;
    gongkai_app::catalog::spawn_sweeps(state.app.clone());
    // Online applications of agencies that opted in are confirmed on the next working day
    // (条例 第三十一条第三项); checked at start and every five minutes.
    let sweep_app = state.app.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(300));
        loop {
            tick.tick().await;
            match gongkai_app::requests::auto_confirm_sweep(&sweep_app).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(confirmed = n, "online applications confirmed automatically"),
                Err(e) => tracing::warn!(error = %e, "automatic confirmation failed"),
            }
        }
    });
    // An empty platform opens the first-run page behind a one-time link (issue 14).
    let setup = if store.list_agencies().await?.is_empty() { Some(state.open_setup()) } else { None };
    let app = gongkai_web::build_router(state);
    let listener = tokio::net::TcpListener::bind(&cfg.listen)
        .await
        .with_context(|| format!("无法监听 {}", cfg.listen))?;
    let addr = listener.local_addr()?;
    println!("Gongkai is serving http://{addr}/ ({} database {})", store.backend(), shown_url(&cfg));
    if let Some(token) = setup {
        let base =
            cfg.base_url()?.map_or_else(|| format!("http://{addr}"), |u| u.trim_end_matches('/').to_owned());
        println!("本平台还没有任何机关。首次设置请打开（仅可使用一次）：{base}/setup?token={token}");
        println!("或在服务器上运行：gongkai init --agency <机关全称> --admin <登录名>");
    }
    // Expired sessions are purged every ten minutes.
    let purge_store = store.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            tick.tick().await;
            if let Err(e) = purge_store.purge_expired_sessions(chrono::Utc::now()).await {
                tracing::warn!(error = %e, "could not purge expired sessions");
            }
        }
    });
    // On SIGTERM/Ctrl-C: stop accepting, let requests in flight finish for a few seconds, then
    // stop anyway (their sandbox children are killed with them).
    let stopping = Arc::new(tokio::sync::Notify::new());
    let notify = stopping.clone();
    let server = axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            notify.notify_one();
        });
    let grace = async {
        stopping.notified().await;
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    };
    tokio::select! {
        r = server => r.context("网站服务出错")?,
        () = grace => tracing::warn!("requests still open 5 s after the stop signal: stopping anyway"),
    }
    tracing::info!("stopped");
    Ok(ExitCode::SUCCESS)
}

/// The use cases' settings from the configuration.
fn app_settings(cfg: &Config) -> gongkai_app::AppSettings {
    gongkai_app::AppSettings { fee_period_pauses_clock: cfg.fee_period_pauses_clock, ..Default::default() }
}

/// Opens the catalog's search index under the data directory (rebuilt when new, damaged or
/// behind the database; always with `force`).
async fn search_index(app: &gongkai_app::App, cfg: &Config, force: bool) -> anyhow::Result<Option<usize>> {
    let dir = cfg.data_dir.join("search");
    let n = gongkai_app::catalog::open_search(app, &dir, force)
        .await
        .map_err(|e| anyhow!("检索索引 {}：{}", dir.display(), e.message()))?;
    if let Some(n) = n {
        tracing::info!(items = n, "search index rebuilt");
    }
    Ok(n)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
