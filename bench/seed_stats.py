#!/usr/bin/env python3
"""Seeds an already-migrated Kaixu SQLite database directly with SQL, for bench/stats.sh.

At the defaults: 60 universities and 3,000 enterprises (one user each), 1,000,000 patents, offers on
60,000 of them (~10% in two versions, ~5% withdrawn), 100,000 licenses (~2.3 obligations each, with
their usage reports and payments), 3,000 demands, 10,000 match-feedback rows, 1,000,000 activity
events, and an audit entry for every action above from 2024 on (~390,000; routine patent edits fill
up to 30% of the patent count when there are fewer). Deterministic for a given seed and "today"
(--today), the day every state is consistent with: trials running, licenses live or ended, payments
overdue, each live license's next review day still ahead.

Values are encoded as sea-orm/sqlx store them on SQLite: UUIDs as 16-byte BLOBs (v7, time-ordered),
dates as 'YYYY-MM-DD' text, timestamps as RFC 3339 text with nanoseconds and '+00:00', booleans
0/1, JSON as compact text. The organizations already in the file (the accounts bench/stats.sh
creates over HTTP) take part; the seeded users get the first user's password hash. No
patent_changes rows are written, so the seeded patents stay out of the search index.

usage: python3 bench/seed_stats.py DB [--patents N] [--licenses N] [--seed N] [--today YYYY-MM-DD]
"""
import argparse, csv, functools, itertools, json, math, os, random, sqlite3, sys, time
from datetime import date, timedelta

parser = argparse.ArgumentParser()
parser.add_argument("db")
parser.add_argument("--patents", type=int, default=1_000_000)
parser.add_argument("--licenses", type=int, default=100_000)
parser.add_argument("--seed", type=int, default=20261123)
parser.add_argument("--today", default="2026-11-23", help="the (UTC) day the data is consistent with, 2026-11-23 or later")
args = parser.parse_args()
N_PAT, N_LIC = args.patents, args.licenses
N_OFFERED, N_EVENTS, N_AUDIT = N_PAT * 6 // 100, N_PAT, N_PAT * 3 // 10
N_UNI, N_ENT, N_DEMANDS, N_FEEDBACK = 60, 3000, max(100, N_PAT * 3 // 1000), max(300, N_PAT // 100)
rng = random.Random(args.seed)
started = time.time()

# ---- encodings (dates are handled as ordinals until written) -------------------------------------
O = lambda text: date.fromisoformat(text).toordinal()
TODAY, EPOCH, AUDIT_FROM, FIRST = O(args.today), O("1970-01-01"), O("2024-01-01"), O("2022-01-01")
LAST = TODAY - 3  # the last day of licenses and activity (offers: TODAY - 22, patents created: TODAY - 23)
J = lambda value: json.dumps(value, ensure_ascii=False, separators=(",", ":"))  # as serde_json writes
office = lambda: rng.randrange(3600, 36000)  # a time of day, 09:00-18:00 Beijing, in seconds UTC
between = lambda lo, hi: rng.randint(lo, max(lo, hi))
yuan = lambda fen: f"人民币{fen // 100:,}.{fen % 100:02d}元"

@functools.lru_cache(maxsize=None)
def d(o):  # ordinal -> 'YYYY-MM-DD'
    return date.fromordinal(o).isoformat()

def ts(o, secs):  # DateTime<Utc> as sqlx writes it: '2026-11-23T01:55:24.283375283+00:00'
    return f"{d(o)}T{secs // 3600:02d}:{secs // 60 % 60:02d}:{secs % 60:02d}.{rng.randrange(10**9):09d}+00:00"

def uid(o, secs):  # a UUIDv7 (16 bytes, as stored) whose timestamp is day o + secs
    ms, r = ((o - EPOCH) * 86400 + secs) * 1000 + rng.randrange(1000), rng.getrandbits(74)
    return ((ms << 80) | (7 << 76) | ((r >> 62) << 64) | (2 << 62) | (r & (2**62 - 1))).to_bytes(16, "big")

def text_id(b):  # the hyphenated form (Uuid's Display): live_key, audit target ids, notices
    h = b.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

def add_months(o, months):  # chrono's checked_add_months: the 31st becomes the month's last day
    x = date.fromordinal(o)
    m = x.month - 1 + months
    y, m = x.year + m // 12, m % 12 + 1
    last = (date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)).day
    return date(y, m, min(x.day, last)).toordinal()

# ---- vocabularies -------------------------------------------------------------------------------
REF = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "ref")
COUNTIES = [r["code"] for r in csv.DictReader(open(f"{REF}/regions.csv", encoding="utf-8")) if r["level"] == "county"]
DIVISIONS = [(r["parent_code"], r["code"]) for r in csv.DictReader(open(f"{REF}/gbt4754_2017.csv", encoding="utf-8")) if r["level"] == "2"]
UNI_REGIONS = "110108 310104 440305 420111 320102 330106 510107 610113 120104 500106 430104 350203 370202 210202 230103".split()
SUBCLASSES = ("A01B A01G A01K A23L A61B A61K A61P B01D B01J B08B B21D B23K B23P B25J B29C B60L B62D B65G C01B C02F C04B "
              "C07D C08K C08L C12N C22C C23C C25B D01F D06M E01C E02D E04B E04G E21B F01D F16H F16K F24F F24S F25B G01B "
              "G01M G01N G01R G01S G05B G06F G06N G06Q G06T G06V G08G G16H H01L H01M H01Q H02J H02M H04L H04N H04W H05K").split()
IPC_POOL = [f"{rng.choice(SUBCLASSES)} {rng.randrange(1, 100)}/{rng.choice(['00', '02', '04', '08', '10', '16', '052'])}" for _ in range(5000)]
WORDS = "智能 复合 高效 柔性 低温 纳米 环保 节能 便携式 多通道 自适应 模块化 可降解 高强度 轻量化".split()
THINGS = "冲压固定装置 锂电池极片 光伏组件 检测试纸 储能系统 控制电路 图像识别方法 污水处理设备 传感器 电机 催化剂 育苗装置 混凝土 机械臂 通信方法".split()
PHRASES = ["本发明公开了一种{t}，", "包括壳体、驱动组件和控制单元，", "通过{w}结构提高了稳定性，", "降低了生产成本，",
           "适用于工业化生产，", "检测精度高且响应快，", "解决了现有技术中效率低的问题，", "具有结构简单、使用方便的优点。"]
PRICING = [("platform_comparables", "平台同类开放许可"), ("industry_statistics", "同行业许可费统计"), ("income_approach", "收益法测算")]
COLUMNS = {  # the columns written, in the order of the tuples built below
    "organizations": "id name kind region_code industry_codes verified_at created_at",
    "users": "id organization_id email password_hash display_name created_at last_login_at",
    "patents": "id organization_id publication_number application_number title abstract_text claims ipc_codes main_ipc applicants "
               "co_owners patent_type application_date grant_date expiry_date legal_status state_funded evaluation_report_ref grade "
               "last_implemented_on keywords pledgee pledgee_consent preserved disputed exclusive_license annual_fee_overdue source "
               "created_at updated_at open_offer licensed_since",
    "offers": "id patent_id organization_id version status published_key terms payment_text fee_model ipc_subclass ipc_class "
              "fixed_fen royalty_bp royalty_base first_year_fixed_cost_fen pricing_basis published_at published_by withdrawn_at "
              "superseded_at published_on closed_on",
    "licenses": "id offer_id offer_version patent_id publication_number patent_title licensor_organization_id licensor_name "
                "licensee_organization_id licensee_name state live_key idempotency_key terms payment_text fee_model notice accepted_at "
                "accepted_by effective_on trial_ends_on free_until ends_on ended_on recordation_due_on recorded_on record_number "
                "next_review_on updated_at activated_on",
    "obligations": "id license_id key kind description accrues_from accrues_until due_on amount_fen paid_fen report_missing",
    "usage_reports": "id license_id period_index period_starts_on period_ends_before base amount_fen reported_at reported_by",
    "payments": "id license_id obligation_id amount_fen paid_on reference recorded_at recorded_by",
    "demands": "id organization_id title description industry_code ipc_hints region_code max_total_cost_fen budget_years "
               "max_royalty_bp free_period trial fee_models status created_by created_at updated_at",
    "match_feedback": "id demand_id patent_id organization_id patent_organization_id relevant prospect improvement_needs "
                      "cooperation_intent given_by created_at updated_at",
    "activity_events": "kind patent_id offer_id organization_id actor_organization_id occurred_on occurred_at",
    "audit_log": "occurred_at user_id organization_id action target_kind target_id detail",
}

db = sqlite3.connect(args.db, isolation_level=None)
for pragma in ("journal_mode=WAL", "synchronous=OFF", "cache_size=-1000000", "temp_store=MEMORY"):
    db.execute(f"PRAGMA {pragma}")
if db.execute("SELECT count(*) FROM patents").fetchone()[0]:
    sys.exit(f"{args.db} already has patents: seed a freshly migrated database")
(pw_hash,) = db.execute("SELECT password_hash FROM users ORDER BY created_at LIMIT 1").fetchone() or sys.exit("no user to copy a password hash from")
db.execute("BEGIN")

def insert(table, rows):  # rows: any iterable (generators are streamed)
    names = COLUMNS[table].split()
    db.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", rows)

audit = []  # (occurred_at, user, organization, action, target kind, target id, detail), sorted at the end
def log(o, at, user, org, action, kind, target, detail=None):  # the audit log starts in 2024
    if o >= AUDIT_FROM:
        audit.append((at, user, org, action, kind, target, None if detail is None else J(detail)))

# ---- organizations with one user each; the registered ones first ---------------------------------
def existing(kind):  # -> [(id, name, user id, region)]
    return db.execute("SELECT o.id, o.name, (SELECT u.id FROM users u WHERE u.organization_id = o.id ORDER BY u.created_at LIMIT 1), "
                      "o.region_code FROM organizations o WHERE o.kind = ? ORDER BY o.created_at", (kind,)).fetchall()
orgs, users = [], []
def new_org(kind, name, region, k):
    o, secs = O("2021-01-04") + rng.randrange(150), office()
    oid, user = uid(o, secs), uid(o, secs + 1)
    verified = ts(o + rng.randrange(1, 30), office()) if kind == "university" or rng.random() < 0.7 else None
    orgs.append((oid, name, kind, region, J(list(rng.choice(DIVISIONS))), verified, ts(o, secs)))
    users.append((user, oid, f"{kind}{k:04d}@seed.example.cn", pw_hash, "联系人", ts(o, secs + 1), None))
    return oid, name, user, region
unis = existing("university")
unis += [new_org("university", f"样本{'理工农业师范工业医科交通'[k % 6 * 2:k % 6 * 2 + 2]}大学{k:02d}", UNI_REGIONS[k % 15], k)
         for k in range(N_UNI - len(unis))]
ents = existing("enterprise")
ents += [new_org("enterprise", f"样本{'智能材料生物电子装备能源'[k % 6 * 2:k % 6 * 2 + 2]}科技有限公司{k:04d}", rng.choice(COUNTIES), k)
         for k in range(N_ENT - len(ents))]
insert("organizations", orgs)
insert("users", users)

# ---- the patent facts offers and licenses depend on (rows are written later) ---------------------
# Catalog sizes are skewed (1/sqrt(rank)): the first, registered university has the largest one.
# created_at grows with the index, so ids are time-ordered as with UUIDv7 in real use.
P_UNI = rng.choices(range(len(unis)), [1 / (k + 1) ** 0.5 for k in range(len(unis))], k=N_PAT)
P_INV, P_GRANT, P_APP, P_EXPIRY, P_CREATED, P_SECS, P_ID, P_IPC = [], [], [], [], [], [], [], []
span = (TODAY - 23 - O("2021-03-01")) * 86400
for i in range(N_PAT):
    inv = rng.random() < 0.55  # utility models granted from 2018 on, so that all of them are in force
    grant = rng.randint(O("2012-01-01") if inv else O("2018-01-01"), O("2025-12-31"))
    app = grant - (rng.randint(500, 1300) if inv else rng.randint(120, 360))
    x = date.fromordinal(app)
    try:  # the term ends the day before the anniversary of the application (29 February: 1 March)
        anniversary = date(x.year + (20 if inv else 10), x.month, x.day)
    except ValueError:
        anniversary = date(x.year + (20 if inv else 10), 3, 1)
    t = i * span // N_PAT
    P_INV.append(inv); P_GRANT.append(grant); P_APP.append(app); P_EXPIRY.append(anniversary.toordinal() - 1)
    P_CREATED.append(O("2021-03-01") + t // 86400); P_SECS.append(t % 86400)
    P_ID.append(uid(P_CREATED[-1], P_SECS[-1])); P_IPC.append(rng.randrange(len(IPC_POOL)))
P_TITLE = lambda p: f"一种{WORDS[p % 15]}{THINGS[p // 15 % 15]}{['', '及其制备方法', '及其应用', '的控制方法'][p // 225 % 4]}"
P_NUMBER = lambda p: f"CN1{30000000 + p}B" if P_INV[p] else f"CN2{30000000 + p}U"  # 9 digits and a kind code

# ---- offers: terms as crates/licensing/src/model/terms.rs serializes them -------------------------
def make_terms():
    royalty = {"base": rng.choice(["net_sales", "net_sales", "profit"]), "rate_bp": rng.choice([100, 200, 300, 350, 500]),
               "period": rng.choice(["quarter", "year"]), "minimum_per_period_fen": rng.choice([0, 100000, 500000])}
    model = rng.choices(["free", "lump_sum", "royalty", "entry_fee_royalty"], [15, 35, 30, 20])[0]
    fee = {"free": {"model": "free"}, "royalty": {"model": "royalty", "royalty": royalty},
           "lump_sum": {"model": "lump_sum", "amount_fen": rng.randrange(1, 500) * 10000, "instalments": rng.randint(1, 5),
                        "instalment_interval_months": 12},
           "entry_fee_royalty": {"model": "entry_fee_royalty", "entry_fee_fen": rng.randrange(1, 100) * 10000, "royalty": royalty}}[model]
    trial = {"months": rng.randint(3, 6), "charges": rng.choice(["waived", "deferred"])} if rng.random() < 0.3 else None
    return {"fee": fee, "free_months": rng.choice([0] * 17 + [3, 6, 12]), "trial": trial,
            "term_months": rng.choice([12, 24, 36, 36, 48, 60]), "other_matters": rng.choice([None, "被许可人应在产品说明中注明专利号。"])}

def payment_text(t):  # shortened from crates/licensing/src/model/render.rs
    fee, r = t["fee"], t["fee"].get("royalty")
    period = r and ("季度" if r["period"] == "quarter" else "年度")
    rt = r and (f"按被许可人实施本专利所得{'净销售额' if r['base'] == 'net_sales' else '利润'}的{r['rate_bp'] / 100:g}%提取许可使用费，"
                f"按{period}结算，每期结束后30日内报告并支付" + (f"；每{period}最低支付{yuan(r['minimum_per_period_fen'])}" if r["minimum_per_period_fen"] else "") + "。")
    text = {"free": "免费许可：被许可人无需支付许可使用费。", "royalty": f"提成支付：{rt}",
            "lump_sum": f"许可使用费总额{yuan(fee.get('amount_fen', 0))}，分{fee.get('instalments')}期支付。",
            "entry_fee_royalty": f"入门费加提成：入门费{yuan(fee.get('entry_fee_fen', 0))}，于许可生效之日支付；另{rt}"}[fee["model"]]
    text += f"限期免费：许可生效后前{t['free_months']}个月不计收许可使用费。" if t["free_months"] else ""
    return text + (f"先用后付：被许可人可先行试用{t['trial']['months']}个月，试用期内声明退出的无需支付任何费用。" if t["trial"] else "")

offers, versions_of = [], {}  # versions_of[patent] = [(offer id, version, terms, published on, closed on)]
for p in sorted(rng.sample(range(N_PAT), N_OFFERED)):
    lo, hi = max(O("2021-06-01"), P_GRANT[p] + 30, P_CREATED[p] + 1), TODAY - 22
    opened = lo + int((hi - lo) * rng.random() ** 0.7)  # more offers in recent years
    shape, (uni, _, publisher, _) = rng.random(), unis[P_UNI[p]]
    if shape < 0.10 and opened + 30 < hi:  # republished with new terms: version 1 superseded
        second = rng.randint(opened + 30, hi)
        plan = [("superseded", opened, second), ("published", second, None)]
    elif shape < 0.15 and opened + 14 < TODAY:
        plan = [("withdrawn", opened, rng.randint(opened + 14, TODAY - 1))]
    else:
        plan = [("published", opened, None)]
    versions_of[p] = []
    for version, (status, on, closed) in enumerate(plan, 1):
        t, secs = make_terms(), office()
        oid, at, fee, ipc = uid(on, secs), ts(on, secs), t["fee"], IPC_POOL[P_IPC[p]]
        r, fixed = fee.get("royalty"), fee.get("amount_fen", fee.get("entry_fee_fen", 0))
        first_year = fixed // fee.get("instalments", 1) + (r["minimum_per_period_fen"] * (4 if r["period"] == "quarter" else 1) if r else 0)
        basis = None if rng.random() < 0.5 else dict(zip(("method", "method_label"), rng.choice(PRICING)), note=None)
        withdrawn_at = ts(closed, office()) if status == "withdrawn" else None
        if version == 2:
            offers[-1][19] = at  # version 1's superseded_at is version 2's published_at
        offers.append([oid, P_ID[p], uni, version, status, P_ID[p] if status == "published" else None, J(t), payment_text(t),
                       fee["model"], ipc[:4], ipc[:3], fixed, r["rate_bp"] if r else 0, r and r["base"], first_year,
                       basis and J(basis), at, publisher, withdrawn_at, None, d(on), closed and d(closed)])
        versions_of[p].append((oid, version, t, on, closed))
        log(on, at, publisher, uni, "offer.publish", "offer", text_id(oid), {"version": version, "fee_model": fee["model"], "pricing_basis": basis})
        if withdrawn_at:
            log(closed, withdrawn_at, publisher, uni, "offer.withdraw", "offer", text_id(oid))
offered = list(versions_of)
open_offer = {p for p in offered if versions_of[p][-1][4] is None}  # the latest version is not closed

# ---- licenses with obligations (as crates/licensing/src/model/obligation.rs derives them), usage
# reports and payments. The state is drawn first (10% trial, 60% active, 5% exited, 10% terminated,
# 15% expired), then the effective day (more licenses each year), then an offer version open that
# day whose terms make the state hold today.
# next_review_on is the first future deadline, so the licensing job finds nothing to do at start-up
# (on a later day it settles the licenses whose review day has come).
popularity = list(itertools.accumulate(rng.paretovariate(2.0) for _ in offered))  # some offers are licensed often
picks = (p for _ in itertools.count() for p in rng.choices(offered, cum_weights=popularity, k=10000))
licenses, obligations, reports, payments, live, licensed_since = [], [], [], [], set(), {}
def growth_day(lo, hi):  # a day in [lo, hi] from a density growing linearly over FIRST..LAST
    while True:
        o = FIRST + int((LAST - FIRST + 1) * math.sqrt(rng.random()))
        if lo <= o <= hi:
            return o
STATE_DAYS = {"trial": (add_months(TODAY, -6) + 1, LAST), "active": (FIRST, LAST), "exited": (FIRST, TODAY - 7),
              "terminated": (FIRST, TODAY - 90), "expired": (FIRST, add_months(TODAY, -12) - 2)}
def fits(state, eff, opened, closed, trial_m, ends):  # can a license accepted on eff be in state today?
    trial_end = add_months(eff, trial_m)
    return opened <= eff and (closed is None or eff <= closed) and {
        "trial": trial_m and trial_end > TODAY, "exited": trial_m, "active": ends >= TODAY and (not trial_m or trial_end < TODAY),
        "terminated": trial_end < TODAY - 90 and ends > trial_end + 60, "expired": ends < TODAY - 1}[state]
for n in range(N_LIC):
    state, found = rng.choices(["trial", "active", "exited", "terminated", "expired"], [10, 60, 5, 10, 15])[0], False
    while not found:  # the day first, then an offer version open that day whose terms fit the state
        eff = growth_day(*STATE_DAYS[state])
        for attempt in range(400):
            p = next(picks)
            oid, version, t, opened, closed = rng.choice(versions_of[p])
            trial_m, term = t["trial"]["months"] if t["trial"] else 0, t["term_months"]
            ends = min(add_months(eff, term) - 1, P_EXPIRY[p])
            if fits(state, eff, opened, closed, trial_m, ends):
                found = True
                break
    secs = office()
    lid, accepted_at = uid(eff, secs), ts(eff, secs)
    trial_end = add_months(eff, trial_m) if trial_m else None
    free_until = add_months(eff, t["free_months"]) if t["free_months"] else None
    due = add_months(eff, 3)
    is_live = state in ("trial", "active")
    uni, uni_name, _, _ = unis[P_UNI[p]]
    licensee, licensee_name, licensee_user, _ = rng.choice(ents)
    while is_live and (p, licensee) in live:  # one live license per patent and licensee
        licensee, licensee_name, licensee_user, _ = rng.choice(ents)
    if is_live:
        live.add((p, licensee))
    # A trial ends into active on its last day, or earlier when the licensee confirms (activated_on).
    confirmed = trial_m and state not in ("trial", "exited") and rng.random() < 0.5 and between(eff + 7, trial_end - 1)
    activated = None if state in ("trial", "exited") else confirmed or trial_end or eff
    ended = {"exited": between(eff + 1, min(trial_end or eff, TODAY) - 1), "expired": ends,
             "terminated": between((activated or eff) + 30, min(ends, TODAY - 1))}.get(state)
    recorded = eff + rng.randrange(5, 100) if state != "exited" and rng.random() < 0.7 else None
    recorded = recorded if recorded and recorded < TODAY else None
    fee, owed = t["fee"], []  # owed: (key, kind, description, accrues from, until, due on, amount)
    start, stop = max(free_until or eff, trial_end or eff), min(ended or ends, TODAY - 1)
    if state != "exited" and fee["model"] == "lump_sum":
        count, share = fee["instalments"], fee["amount_fen"] // fee["instalments"]
        for k in range(count):  # the last instalment takes the remainder
            on = min(add_months(start, 12 * k), ends)
            if state in ("terminated", "expired") and on > ended:
                break  # a stopped license owes only what fell due
            owed.append((f"lump_sum:{k + 1}", "lump_sum", "一次性许可使用费" if count == 1 else f"许可使用费第 {k + 1} / {count} 期",
                         on, on, on, fee["amount_fen"] - share * (count - 1) if k + 1 == count else share))
    if state != "exited" and fee["model"] == "entry_fee_royalty":
        owed.append(("entry_fee", "entry_fee", "入门费", start, start, start, fee["entry_fee_fen"]))
    if state != "exited" and fee.get("royalty"):
        months = 3 if fee["royalty"]["period"] == "quarter" else 12
        for k in range(1, 9):  # the first periods already over, each with its usage report
            since, before = add_months(eff, (k - 1) * months), add_months(eff, k * months)
            if before > stop:
                break
            owed.append((f"royalty:{k}", "royalty", f"第 {k} 期提成（{d(since)} 至 {d(before - 1)}）", since, before, before + 30,
                         rng.randrange(1, 500) * 10000))
            on = min(before + rng.randrange(1, 25), TODAY - 1)
            reports.append((uid(on, 0), lid, k, d(since), d(before), fee["royalty"]["base"], rng.randrange(10**6, 10**9), ts(on, office()), licensee_user))
    for key, kind, text, since, until, on, amount in owed:  # due ones: 80% paid, 10% in part, 10% not
        r = rng.random()
        paid = 0 if on >= TODAY or r >= 0.9 else amount if r < 0.8 else rng.randrange(1, amount)
        obligation = uid(eff, secs)
        obligations.append((obligation, lid, key, kind, text, d(since), d(until), d(on), amount, paid, False))
        if paid:
            paid_on = max(eff, min(on + rng.randint(-20, 14), TODAY - 1))
            payment, at = uid(paid_on, secs), ts(paid_on, office())
            payments.append((payment, lid, obligation, paid, d(paid_on), f"BANK-{len(payments):08d}", at, licensee_user))
            log(paid_on, at, licensee_user, licensee, "payment.record", "payment", text_id(payment),
                {"license_id": text_id(lid), "obligation_id": text_id(obligation), "amount_fen": paid, "paid_on": d(paid_on)})
    deadlines = [ends + 1] + ([trial_end - 15, trial_end] if trial_end else []) + ([] if recorded else [due - 15, due + 1])
    review = min([x for x in deadlines + [o[5] - 15 for o in owed] if x > TODAY], default=None) if is_live else None
    notice = (f"开放许可实施通知书\n\n{uni_name}（专利权人）：\n本单位{licensee_name}已知悉贵方就{'发明' if P_INV[p] else '实用新型'}专利"
              f"“{P_TITLE(p)}”（公开号 {P_NUMBER(p)}）发布的开放许可声明（第 {version} 版，声明编号 {text_id(oid)}，发布日期 {d(opened)}），"
              f"现依据《中华人民共和国专利法》第五十一条书面通知贵方：本单位接受该声明的全部条件，自 {d(eff)} 起获得该专利的普通实施许可（非独占）。\n"
              f"许可使用费支付方式和标准：{payment_text(t)}\n许可期限：{d(eff)} 至 {d(ends)}\n其他事项：{t['other_matters'] or '无'}\n"
              f"双方应自许可生效之日起三个月内（{d(due)} 前）向国务院专利行政部门办理开放许可实施合同备案。\n\n"
              f"被许可人：{licensee_name}\n通知日期：{d(eff)}\n许可编号：{text_id(lid)}\n")
    licenses.append((lid, oid, version, P_ID[p], P_NUMBER(p), P_TITLE(p), uni, uni_name, licensee, licensee_name, state,
                     f"{text_id(P_ID[p])}:{text_id(licensee)}" if is_live else None, None, J(t), payment_text(t), fee["model"], notice,
                     accepted_at, licensee_user, d(eff), trial_end and d(trial_end), free_until and d(free_until), d(ends),
                     ended and d(ended), d(due), recorded and d(recorded), recorded and f"{d(recorded)[:4]}99{n:07d}", review and d(review),
                     ts(max(eff, ended or eff, recorded or eff), office()), activated and d(activated)))
    licensed_since[p] = min(licensed_since.get(p, eff), eff)
    log(eff, accepted_at, licensee_user, licensee, "license.accept", "license", text_id(lid),
        {"offer_id": text_id(oid), "offer_version": version, "patent_id": text_id(P_ID[p])})
    for action, on in (("license.confirm", confirmed), ("license.exit", state == "exited" and ended),
                       ("license.terminate", state == "terminated" and ended), ("license.record", recorded)):
        if on:
            log(on, ts(on, office()), licensee_user, licensee, action, "license", text_id(lid), {"recorded_on": d(on)} if action == "license.record" else None)

# ---- demands (by enterprises) and match feedback on patents, most of them offered ----------------
demands, feedback, pairs = [], [], set()
for k in range(N_DEMANDS):
    org, _, user, region = rng.choice(ents)
    on, secs = rng.randint(AUDIT_FROM, TODAY - 1), office()
    did, at, thing = uid(on, secs), ts(on, secs), rng.choice(WORDS) + rng.choice(THINGS)
    demands.append((did, org, f"寻求{thing}技术", f"本企业计划引进{thing}相关专利技术，用于产线升级改造，希望获得许可。",
                    rng.choice([None, rng.choice(DIVISIONS)[1]]), J(sorted({rng.choice(IPC_POOL)[:4] for _ in range(rng.randint(1, 2))})),
                    region, rng.choice([None, rng.randrange(10, 1000) * 10000]), rng.randint(1, 5), rng.choice([None, 300, 500, 800]),
                    rng.choice(["any", "preferred", "required"]), rng.choice(["any", "preferred", "required"]),
                    J(rng.sample(["free", "lump_sum", "royalty", "entry_fee_royalty"], rng.randint(0, 3))),
                    "open" if rng.random() < 0.85 else "closed", user, at, at))
    log(on, at, user, org, "demand.post", "demand", text_id(did))
while len(feedback) < N_FEEDBACK:
    (did, org, *_, user, created, _) = rng.choice(demands)
    p = rng.choice(offered) if rng.random() < 0.7 else rng.randrange(N_PAT)
    if (did, p) in pairs:
        continue
    pairs.add((did, p))
    on = min(O(created[:10]) + rng.randrange(60), TODAY - 1)
    at, relevant, intent = ts(on, office()), rng.random() < 0.65, rng.choice(["none", "license", "joint_development", "purchase", "talk_first"])
    feedback.append((uid(on, 0), did, P_ID[p], org, unis[P_UNI[p]][0], relevant, rng.choice([None, 1, 2, 3, 4, 5]),
                     rng.choice([None, None, "需要适配更大尺寸", "希望降低成本"]), intent, user, at, at))
    log(on, at, user, org, "feedback.give", "patent", text_id(P_ID[p]), {"demand_id": text_id(did), "relevant": relevant, "cooperation_intent": intent})

# ---- patents (streamed), then the rows referring to them ------------------------------------------
def patent_rows():
    for p in range(N_PAT):
        inv, (uni, uni_name, _, _), created = P_INV[p], unis[P_UNI[p]], ts(P_CREATED[p], P_SECS[p])
        ipc, thing = IPC_POOL[P_IPC[p]], THINGS[p // 15 % 15]
        abstract = "".join(rng.choice(PHRASES).format(t=thing, w=rng.choice(WORDS)) for _ in range(6))
        yield (P_ID[p], uni, P_NUMBER(p), f"CN{d(P_APP[p])[:4]}{1 if inv else 2}{p % 10**7:07d}.{p % 10}", P_TITLE(p), abstract, None,
               J([ipc, IPC_POOL[(P_IPC[p] + 7) % 5000]] if p % 3 == 0 else [ipc]), ipc, J([uni_name]), "[]",
               "invention" if inv else "utility_model", d(P_APP[p]), d(P_GRANT[p]), d(P_EXPIRY[p]), "valid", rng.random() < 0.4,
               None if inv else f"PJ{d(P_GRANT[p])[:4]}-{p:07d}", rng.choice([None, "A", "B", "C"]),
               d(between(P_GRANT[p], TODAY - 1)) if rng.random() < 0.1 else None, J([rng.choice(WORDS), thing]),
               None, False, False, False, None, False, "bench/seed_stats.py", created, created, p in open_offer,
               d(licensed_since[p]) if p in licensed_since else None)
insert("patents", patent_rows())
for table, rows in (("offers", offers), ("licenses", licenses), ("obligations", obligations), ("usage_reports", reports),
                    ("payments", payments), ("demands", demands), ("match_feedback", feedback)):
    insert(table, rows)

# ---- activity events day by day (ids in time order), slowly growing; 20% offer views ---------------
def event_rows():
    days = LAST - AUDIT_FROM + 1
    total, done, acc = sum(1 + k / days for k in range(days)), 0, 0.0
    for k in range(days):
        acc += 1 + k / days
        count, done = round(N_EVENTS * acc / total) - done, round(N_EVENTS * acc / total)
        for secs in sorted(rng.randrange(86400) for _ in range(count)):
            p, offer = rng.choice(offered) if rng.random() < 0.5 else rng.randrange(N_PAT), None
            for _ in range(20 if rng.random() < 0.2 else 0):  # an offer view: of an offer open that day
                p = rng.choice(offered)
                offer = next((v[0] for v in versions_of[p] if v[3] <= AUDIT_FROM + k and (v[4] is None or AUDIT_FROM + k < v[4])), None)
                if offer:
                    break
            yield ("offer_view" if offer else "patent_view", P_ID[p], offer, unis[P_UNI[p]][0],
                   rng.choice(ents)[0] if rng.random() < 0.6 else None, d(AUDIT_FROM + k), ts(AUDIT_FROM + k, secs))
insert("activity_events", event_rows())  # ids by AUTOINCREMENT, in time order

# ---- audit log: the entries of the actions above, then routine patent edits up to the target ------
while len(audit) < N_AUDIT:
    p, on = rng.randrange(N_PAT), rng.randint(AUDIT_FROM, TODAY - 1)
    audit.append((ts(on, office()), unis[P_UNI[p]][2], unis[P_UNI[p]][0], "patent.update", "patent", text_id(P_ID[p]), None))
audit.sort(key=lambda row: row[0])
insert("audit_log", audit)  # after the entries the accounts' creation wrote

# ---- what the application keeps as it writes, derived from the rows above -------------------------
# (patents.open_licensed_since, licenses.first_paid_on, the IPC class on licenses and the licensor
# and class on obligations and payments are set by licensing as it writes; the daily view counts
# by the server's activity writer.)
db.execute("UPDATE patents SET open_licensed_since = (SELECT MIN(published_on) FROM offers WHERE offers.patent_id = patents.id) "
           "WHERE id IN (SELECT patent_id FROM offers)")
db.execute("UPDATE licenses SET first_paid_on = (SELECT MIN(paid_on) FROM payments WHERE payments.license_id = licenses.id)")
db.execute("UPDATE licenses SET ipc_class = (SELECT ipc_class FROM offers WHERE offers.id = licenses.offer_id)")
for table in ("obligations", "payments"):
    db.execute(f"UPDATE {table} SET (licensor_organization_id, ipc_class) = "
               f"(SELECT licensor_organization_id, ipc_class FROM licenses WHERE licenses.id = {table}.license_id)")
db.execute("INSERT INTO activity_daily (day, kind, organization_id, views) "
           "SELECT occurred_on, kind, organization_id, COUNT(*) FROM activity_events GROUP BY occurred_on, kind, organization_id")

problems = db.execute("PRAGMA foreign_key_check").fetchmany(5)
if problems:
    db.execute("ROLLBACK")
    sys.exit(f"foreign key violations, nothing written: {problems}")
db.execute("COMMIT")
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
counts = ", ".join(f"{table} {db.execute(f'SELECT count(*) FROM {table}').fetchone()[0]:,}" for table in COLUMNS)
print(f"seeded in {time.time() - started:.0f} s: {counts}")
