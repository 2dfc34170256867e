"""Expected answers of the stored queries, written by reading the seed, not by running the queries.

Each answer is a list of rows (tuples of strings, "" for an empty or unbound value) in the order
the query promises. Sources: shared/seed/000_77df78d67dcf7ad5.txt (the seed) and, where a column
holds a cited fact, shared/reference/facts.md.
"""

from __future__ import annotations

US, RU, EU, CN = "United States", "Russia", "Europe", "China"
ALL_FOUR = f"{US}, {RU}, {EU}, {CN}"

# The seed's footnote of participating agencies, in its order, with the countries in parentheses.
# Japanese names as Japanese sources write them (the seed writes the acronyms): JAXA's Space
# Information Center (spaceinfo.jaxa.jp/ja/<agency>.html: ASI, CNES, CNSA, DLR, ISRO, KARI, UKSA),
# JAXA's ISS partners page (iss.jaxa.jp/iss/doc08.html: CSA, ESA, JAXA, NASA, Roscosmos as
# ロシア連邦宇宙局) and Japan's embassy in Ukraine (SSAU); CSIRO keeps its acronym (no source read).
AGENCIES = [
    ("ASI", "Agenzia Spaziale Italiana", "イタリア宇宙機関", "Italy", "イタリア"),
    (
        "CNES",
        "Centre National d'Etudes Spatiales",
        "フランス国立宇宙研究センター",
        "France",
        "フランス",
    ),
    ("CNSA", "China National Space Administration", "中国国家航天局", "China", "中国"),
    ("CSA", "Canadian Space Agency", "カナダ宇宙庁", "Canada", "カナダ"),
    (
        "CSIRO",
        "Commonwealth Scientific and Industrial Research Organisation",
        "CSIRO",
        "Australia",
        "オーストラリア",
    ),
    (
        "DLR",
        "Deutsches Zentrum fuer Luft- und Raumfahrt",
        "ドイツ航空宇宙センター",
        "Germany",
        "ドイツ",
    ),
    ("ESA", "European Space Agency", "欧州宇宙機関", "Europe", "欧州"),
    ("ISRO", "Indian Space Research Organisation", "インド宇宙研究機関", "India", "インド"),
    ("JAXA", "Japan Aerospace Exploration Agency", "宇宙航空研究開発機構", "Japan", "日本"),
    (
        "KARI",
        "Korea Aerospace Research Institute",
        "韓国航空宇宙研究院",
        "Republic of Korea",
        "韓国",
    ),
    (
        "NASA",
        "National Aeronautics and Space Administration",
        "米国航空宇宙局",
        "United States",
        "米国",
    ),
    ("Roscosmos", "Russian Federal Space Agency", "ロシア連邦宇宙局", "Russia", "ロシア"),
    ("SSAU", "State Space Agency of Ukraine", "ウクライナ国家宇宙庁", "Ukraine", "ウクライナ"),
    ("UKSA", "UK Space Agency", "イギリス宇宙庁", "United Kingdom", "英国"),
]

# Seed: chair system from June 2010, first NASA, then JAXA, CSA, now ESA. JAXA chaired by 30
# August 2011 (NASA release 11-280: Hasegawa spoke as chairman at Kyoto), the hand-over to CSA
# came before the 2013 roadmap (undated SpaceNews page; GER released 20 August 2013), CSA handed
# over to ESA on 30 September 2014. Bounded dates are empty and said in the qualifier (issue 21).
_NASA_JAXA = "between 2010-06-01 and 2011-08-30"
_JAXA_CSA = "between 2011-08-31 and 2013-08-20"
CHAIR_HISTORY = [
    ("1", "NASA", "2010-06", "", f"ended: {_NASA_JAXA}"),
    ("2", "JAXA", "", "", f"began: {_NASA_JAXA}; ended: {_JAXA_CSA}"),
    ("3", "CSA", "", "2014-09-30", f"began: {_JAXA_CSA}"),
    ("4", "ESA", "2014-09-30", "", ""),
]

MEETING_CADENCE = [
    ("director-general level meeting", "局長級会合", "1", "1", "year"),
    ("working level", "担当レベル", "1", "1", "month"),
    ("working-group teleconference", "WG電話会議", "2", "2", "month"),
    ("workshop", "ワークショップ", "2", "3", "year"),
]

# Seed section 1: China in WGs and workshops since 2014; Russia and Ukraine plenary only; five
# underlined (lost) agencies take an active part, for example chairing WGs
# (下線の5機関がWGの議長を務めるなど積極的に参加): every agency not plenary-only is a candidate.
_CANDIDATE = ("active-for-example-chairing", "false", "")
PARTICIPATION = [
    ("ASI", *_CANDIDATE),
    ("CNES", *_CANDIDATE),
    ("CNSA", "working-groups-and-workshops", "true", "2014"),
    ("CNSA", *_CANDIDATE),
    ("CSA", *_CANDIDATE),
    ("CSIRO", *_CANDIDATE),
    ("DLR", *_CANDIDATE),
    ("ESA", *_CANDIDATE),
    ("ISRO", *_CANDIDATE),
    ("JAXA", *_CANDIDATE),
    ("KARI", *_CANDIDATE),
    ("NASA", *_CANDIDATE),
    ("Roscosmos", "plenary-only", "true", ""),
    ("SSAU", "plenary-only", "true", ""),
    ("UKSA", *_CANDIDATE),
]

GOALS_JA = [
    "探査技術・能力開発",
    "探査広報活動",
    "地球の安全確保",
    "人類の活動領域拡大",
    "有人探査のための科学",
    "宇宙科学、地球科学、応用科学",
    "生命探査",
    "経済拡大",
]
PRINCIPLES_JA = [
    "実現性",
    "探査意義",
    "パートナーシップ",
    "技術発展",
    "有人・無人の連携",
    "ロバスト性",
]

# Seed l.141-167, (row heading, marks as the seed prints them, Japan column as sections 3 and 4
# fix it).
SEED_TABLE = [
    ("有人探査用宇宙船・大型有人ロケット", "○ ○", ""),
    ("軌道間輸送機（原子力）", "○ ○", ""),
    ("電気推進輸送機", "○ ○ ○ △", "△"),
    ("深宇宙ランデブ・ドッキング", "○ ○ ○ ○", "○"),
    ("深宇宙自律有人運用", "○ ○ ○", ""),
    ("重力天体への高精度着陸、危険回避", "○ ○ ○ ○ ○", "○"),
    ("重力天体表面からの離陸・帰還", "○ ○ ○ ○ ○", "○"),
    ("表面移動（ローバ）", "○ ○ ○ ○ ○", "○"),
    ("掘削", "○ ○ ○", "○"),
    ("資源抽出・精製技術", "○ ○ ○", ""),
    ("軽量太陽電池、燃料電池等", "○ ○ ○ △", "△"),
    ("高効率水再生・空気再生", "○ ○ ○ ○ ○", "○"),
    ("宇宙医学、放射線対策、健康管理", "○ ○ ○ ○ ○", "○"),
    ("宇宙服", "○ ○ ○", ""),
]

# Seed section 3, row by row: (Japanese row heading, number of marks, US, Russia, Europe, China,
# Japan) with "?" where the seed's text lost the column of a mark.
TECHNOLOGY_MATRIX_JA = [
    ("有人探査用宇宙船・大型有人ロケット", "2", "?", "?", "?", "?", ""),
    ("軌道間輸送機（原子力）", "2", "?", "?", "?", "?", ""),
    ("電気推進輸送機", "4", "?", "?", "?", "?", "△"),
    ("深宇宙ランデブ・ドッキング", "4", "?", "?", "?", "?", "○"),
    ("深宇宙自律有人運用", "3", "?", "?", "?", "?", ""),
    ("重力天体への高精度着陸、危険回避", "5", "○", "○", "○", "○", "○"),
    ("重力天体表面からの離陸・帰還", "5", "○", "○", "○", "○", "○"),
    ("表面移動（ローバ）", "5", "○", "○", "○", "○", "○"),
    ("掘削", "3", "?", "?", "?", "?", "○"),
    ("資源抽出・精製技術", "3", "?", "?", "?", "?", ""),
    ("軽量太陽電池、燃料電池等", "4", "?", "?", "?", "?", "△"),
    ("高効率水再生・空気再生", "5", "○", "○", "○", "○", "○"),
    ("宇宙医学、放射線対策、健康管理", "5", "○", "○", "○", "○", "○"),
    ("宇宙服", "3", "?", "?", "?", "?", ""),
]

# How certain each column's value is (seed l.139-170): the five-mark rows fix every column; in the
# other rows the Japan column is inferred (the legend defines △ for Japan only; section 4 lists
# Japan's selected technologies), rows 1-2 carry a reconstruction from outside sources, and the
# rest is unknown. (US, Russia, Europe, China, Japan) per row, in table order.
_FIXED = ("certain",) * 5
_RECONSTRUCTED = ("reconstructed",) * 4 + ("inferred",)
_UNKNOWN = ("unknown",) * 4 + ("inferred",)
TECHNOLOGY_MATRIX_STATUS = [
    _RECONSTRUCTED,
    _RECONSTRUCTED,
    _UNKNOWN,
    _UNKNOWN,
    _UNKNOWN,
    _FIXED,
    _FIXED,
    _FIXED,
    _UNKNOWN,
    _UNKNOWN,
    _UNKNOWN,
    _FIXED,
    _FIXED,
    _UNKNOWN,
]

# The naive question "which technologies does Russia propose?" asked of isecg:mark alone: only the
# five-mark rows, where the seed fixes every column (l.151-155, l.163-165).
RUSSIA_ATTESTED_JA = [
    "重力天体への高精度着陸、危険回避",
    "重力天体表面からの離陸・帰還",
    "表面移動（ローバ）",
    "高効率水再生・空気再生",
    "宇宙医学、放射線対策、健康管理",
]


def overlaps(minimum: int) -> list[tuple[str, str]]:
    """Rows with at least `minimum` marks, most marks first, then in table order."""
    rows = [(ja, marks) for ja, marks, *_ in TECHNOLOGY_MATRIX_JA if int(marks) >= minimum]
    return sorted(rows, key=lambda row: -int(row[1]))


def gaps(maximum: int) -> list[tuple[str, str]]:
    """Rows with at most `maximum` marks, fewest first, then in table order."""
    rows = [(ja, marks) for ja, marks, *_ in TECHNOLOGY_MATRIX_JA if int(marks) <= maximum]
    return sorted(rows, key=lambda row: int(row[1]))


# Japan column: ○ priority, △ semi-priority; partners: columns certain only in five-mark rows.
# level_status: certain in the five-mark rows, inferred elsewhere.
JAPAN_PRIORITIES_JA = [
    ("電気推進輸送機", "semi-priority", "", "inferred"),
    ("深宇宙ランデブ・ドッキング", "priority", "", "inferred"),
    ("重力天体への高精度着陸、危険回避", "priority", ALL_FOUR, "certain"),
    ("重力天体表面からの離陸・帰還", "priority", ALL_FOUR, "certain"),
    ("表面移動（ローバ）", "priority", ALL_FOUR, "certain"),
    ("掘削", "priority", "", "inferred"),
    ("軽量太陽電池、燃料電池等", "semi-priority", "", "inferred"),
    ("高効率水再生・空気再生", "priority", ALL_FOUR, "certain"),
    ("宇宙医学、放射線対策、健康管理", "priority", ALL_FOUR, "certain"),
]

# Seed section 2 ⑤: (Japanese name, status, provider, capability as written in English, status
# certainty). The Roscosmos systems stand under no heading of their own (l.113-118): inferred.
SYSTEMS_JA = [
    ("重量級ロケット(SLS)", "in-development", "NASA", "payload to LEO 70-130 t", "certain"),
    ("多目的宇宙船 (MPCV)", "in-development", "NASA", "4 crew", "certain"),
    ("次世代ロケット(NGSLV)", "in-development", "Roscosmos", "", "inferred"),
    ("次世代宇宙船(NGS)", "in-development", "Roscosmos", "", "inferred"),
    ("次世代軌道間輸送機", "needed", "", "", "certain"),
    ("月面与圧ローバ", "needed", "", "2 crew", "certain"),
    ("月面与圧ローバ", "needed", "", "range 200 km", "certain"),
    ("有人月着陸／離陸船", "needed", "", "4 crew", "certain"),
    ("深宇宙居住モジュール", "needed", "", "4 crew", "certain"),
    ("貨物輸送船", "needed", "", "cargo of several hundred kg", "certain"),
]

MISSION_CONCEPTS = [
    ("Deep-space human outpost (EML2 station plan)", "ISS partners", "2012"),
    ("Human asteroid exploration (Asteroid Redirect Mission)", "NASA", "2013"),
]

# Every uncertainty the seed leaves, one per (record, subject it concerns): 31 records, 34 rows.
# Added from the fidelity audit: the seed's issuer (not stated, l.6-13), which block the heading
# 本資料の位置づけ (l.15) titles, the plenary-only list
# (露や…: "such as", l.33), the working groups of 2015 (none named), and the status of the two
# Roscosmos systems (read from the lost layout, l.113-118; one row per system), and which agencies
# the Europe column stands for (欧州, l.139). Issue 21: when NASA handed the chair to JAXA (NASA
# release 11-280 shows only JAXA chairing on 30 August 2011); each 2010-2013 hand-over record
# concerns its incoming chair, as the later ones do; the seed's issue date (2015) is inferred.
# Issue 22 adds two records of what the later sources' stored copies do not show: the GER Critical
# Technology Needs copy (the portfolio and its nine items: 10 rows) and the ISRU areas'
# destinations (3 rows).
UNCERTAIN_RECORD_COUNT = 31 + 2
UNCERTAIN_ROW_COUNT = 34 + 13

# Seed l.139-170, the rows whose marks lost their columns: (Japanese heading, marks still to be
# placed among the US, Russia, Europe and China columns). The Japan column is taken out first:
# a △ (rows 3, 11) or a ○ of section 4's selected technologies (rows 4, 9) is Japan's.
_LOST_ROWS = [
    ("有人探査用宇宙船・大型有人ロケット", 2),
    ("軌道間輸送機（原子力）", 2),
    ("電気推進輸送機", 3),
    ("深宇宙ランデブ・ドッキング", 3),
    ("深宇宙自律有人運用", 3),
    ("掘削", 2),
    ("資源抽出・精製技術", 3),
    ("軽量太陽電池、燃料電池等", 3),
    ("宇宙服", 3),
]
# Rows 1-2 carry a reconstruction (US and Russia ○, Europe and China none); the rest is unknown.
_RECONSTRUCTION = {US: "○", RU: "○", EU: "", CN: ""}
COLUMN_CANDIDATES = [
    (
        ja,
        column,
        str(count),
        "4",
        _RECONSTRUCTION[column] if index < 2 else "",
        "reconstructed" if index < 2 else "unknown",
    )
    for index, (ja, count) in enumerate(_LOST_ROWS)
    for column in (US, RU, EU, CN)
]

# Seed l.199-208 and l.228-231: (position, agent, role, informed by, milestone year, qualifier).
COORDINATION_PROCESS = [
    ("1", "ISECG", "performer", "", "", ""),  # 情報収集
    ("2", "ISECG", "performer", "1", "", ""),  # 分析し、重複部分や不足部分の抽出
    ("3", "ISECG", "delegated-by", "2", "", ""),  # 調整そのものは…委ねている
    ("4", "ISECG", "delegated-by", "2", "", ""),  # 補完しあうミッション計画を検討
    ("5", "JAXA", "participant", "", "", ""),  # JAXAを含め多く
    ("6", "ISS partners", "performer", "", "2015", "around summer"),  # 2015年夏頃
]

# Seed section 4, l.178-192: the three principles, then the five selected areas with the table
# rows (Japanese headings, l.151-165) they cover.
JAPAN_POLICY = [
    ("principle", "1", "開発する技術を選択し、集中的に取り組む", ""),
    ("principle", "2", "我が国が主体的・自律的に宇宙探査を行うために必須な技術開発を優先", ""),
    (
        "principle",
        "3",
        "実績や技術的優位性を生かして国際的な優位性を確保しつつ世界に貢献する技術開発を優先",
        "",
    ),
    (
        "selected-area",
        "1",
        "重力天体への高精度着陸・危険回避技術",
        "重力天体への高精度着陸、危険回避",
    ),
    ("selected-area", "2", "重力天体からの離陸・帰還技術", "重力天体表面からの離陸・帰還"),
    ("selected-area", "3", "表面移動・掘削技術", "表面移動（ローバ）"),
    ("selected-area", "3", "表面移動・掘削技術", "掘削"),
    (
        "selected-area",
        "4",
        "長期滞在技術（高効率水再生・空気再生、放射線防護、宇宙医学、健康管理）",
        "高効率水再生・空気再生",
    ),
    (
        "selected-area",
        "4",
        "長期滞在技術（高効率水再生・空気再生、放射線防護、宇宙医学、健康管理）",
        "宇宙医学、放射線対策、健康管理",
    ),
    ("selected-area", "5", "深宇宙ランデブ・ドッキング技術", "深宇宙ランデブ・ドッキング"),
]

# Seed l.98-100 「月面到達人数2人、着陸機にメタンエンジン、着陸船への乗換点EMLの例」:
# (aspect, Japanese value, status); EML2 (l.211) is a candidate reading of the bare 「EML」.
MISSION_ARCHITECTURE = [
    ("destination", "月", "certain"),
    ("crew-to-surface", "月面到達人数2人", "certain"),
    ("lander-feature", "着陸機にメタンエンジン", "certain"),
    ("transfer-point", "地球・月系ラグランジュ点（EML、番号不明）", "certain"),
    ("transfer-point", "地球・月系ラグランジュ点L2（EML2）", "candidate"),
]

# Seed l.28-29 (the footnote's country marks) against the column headings of l.139: Europe (欧) is
# ESA's mark; the European national agencies are candidates.
COLUMN_AGENCIES = [
    (US, "NASA", "inferred"),
    (RU, "Roscosmos", "inferred"),
    (EU, "ESA", "inferred"),
    (EU, "ASI", "candidate"),
    (EU, "CNES", "candidate"),
    (EU, "DLR", "candidate"),
    (EU, "UKSA", "candidate"),
    (CN, "CNSA", "inferred"),
    ("Japan", "JAXA", "inferred"),
]


# Issue 22: technology needs after 2015. The nine items of the GER Critical Technology Portfolio
# as the table of contents of the stored copy lists them (docslib.org/download/7170753), with the
# page each line gives (None: the copy ends inside GER-023's line, before its page number).
GER_CRITICAL_TECHNOLOGY_NEEDS = [
    ("GER-003", "LOX/Liquid Methane Cryogenic Propulsion System", 9),
    ("GER-009", "In Space Cryogenic Liquid Acquisition", 10),
    ("GER-017", "Low Temperature and Long Life Batteries", 11),
    ("GER-018", "Precision Landing with Hazard Avoidance", 12),
    ("GER-019", "Telerobotic Control of Robotic Systems with Time Delay", 13),
    ("GER-020", "Robots Working Side-by-Side with Suited Crew", 14),
    ("GER-021", "Autonomous Vehicle Systems Management", 15),
    ("GER-022", "Autonomous Rendezvous & Docking", 17),
    ("GER-023", "Crew Autonomy Beyond LEO", None),
]
# The contents of the ISRU Gap Assessment Report's stored copy (docslib.org/download/11974766),
# with pages (None: cut off), and the three areas its summary names (spacesettlementprogress.com).
ISRU_REPORT_CONTENTS = [
    ("GAP ASSESSMENT TEAM MEMBERSHIP", 5),
    ("EXECUTIVE SUMMARY", 6),
    ("BACKGROUND", 12),
    ("STUDY GOALS AND OBJECTIVES", 13),
    ("APPROACH", 14),
    ("IN-SITU RESOURCE UTILIZATION (ISRU) OVERVIEW", 15),
    ("What is In-Situ Resource Utilization (ISRU)?", 15),
    ("ISRU Mission and Architectures Impacts and Benefits", 16),
    ("Lunar Resources", 17),
    ("Mars Resources", 19),
    ("ISRU Strategic Knowledge Gaps (SKGs)", 19),
    ("TAXONOMY", 23),
    ("ISRU Functional Breakdowns", None),
]
ISRU_AREAS = [
    "In-Situ Propellant & Consumable Production",
    "In-Situ Construction",
    "In-Space Manufacturing with ISRU-Derived Feedstock",
]

# Rows of the seed's table (l.139-165): (technology, marks) for the linked rows, and the 2019 items
# each corresponds to (links/technology-needs-across-time.ttl, curated from the titles).
_AUTONOMY = ("Autonomous crewed operations in deep space", "3")
_RVD = ("Deep-space rendezvous and docking", "4")
_POWER = ("Lightweight solar cells, fuel cells and the like", "4")
_FEW_PROPOSERS = [
    (*_AUTONOMY, "GER-021", "Autonomous Vehicle Systems Management", "relatedMatch"),
    (*_AUTONOMY, "GER-023", "Crew Autonomy Beyond LEO", "closeMatch"),
    (*_RVD, "GER-022", "Autonomous Rendezvous & Docking", "closeMatch"),
    (*_POWER, "GER-017", "Low Temperature and Long Life Batteries", "relatedMatch"),
    (
        "Precision landing and hazard avoidance on gravity bodies",
        "5",
        "GER-018",
        "Precision Landing with Hazard Avoidance",
        "closeMatch",
    ),
    (
        "Surface mobility (rovers)",
        "5",
        "GER-019",
        "Telerobotic Control of Robotic Systems with Time Delay",
        "relatedMatch",
    ),
]


def few_proposers(maximum: int) -> list[tuple[str, ...]]:
    return [row for row in _FEW_PROPOSERS if int(row[1]) <= maximum]


GER_DOC = ("Global Exploration Roadmap Critical Technology Needs", "2019-12-13")
ISRU_DOC = ("In-Situ Resource Utilization Gap Assessment Report", "2021-04-21")
NEEDS_WITHOUT_2015_COUNTERPART = [
    ("GER-003", "LOX/Liquid Methane Cryogenic Propulsion System", *GER_DOC),
    ("GER-009", "In Space Cryogenic Liquid Acquisition", *GER_DOC),
    ("GER-020", "Robots Working Side-by-Side with Suited Crew", *GER_DOC),
    ("", "In-Situ Construction", *ISRU_DOC),
    ("", "In-Space Manufacturing with ISRU-Derived Feedstock", *ISRU_DOC),
]
# (destination, need, code): the ISRU areas carry the report's Moon and Mars; no 2019 item has one.
NEEDS_BY_DESTINATION = (
    [("Mars", area, "") for area in ISRU_AREAS]
    + [("Moon", area, "") for area in ISRU_AREAS]
    + [("", title, code) for code, title, _ in GER_CRITICAL_TECHNOLOGY_NEEDS]
)
# (code, need code or title): at area level where the 2020 taxonomy's area title names the subject.
NEEDS_BY_NASA_TAXONOMY = [
    ("TX01", "GER-003"),
    ("TX03", "GER-017"),
    ("TX04", "GER-019"),
    ("TX04", "GER-020"),
    ("TX07", "In-Situ Propellant & Consumable Production"),
    ("TX07", "In-Situ Construction"),
    ("TX07", "In-Space Manufacturing with ISRU-Derived Feedstock"),
    ("TX09", "GER-018"),
    ("TX10", "GER-021"),
    ("TX10", "GER-023"),
    ("", "GER-009"),
    ("", "GER-022"),
]
# JAXA's column (seed l.139-165; data/technology-table.ttl): ○ and △ inferred from the legend and
# section 4, ○ certain in the five-mark rows, ? where the seed lost the column; with the later
# needs each technology corresponds to.
AGENCY_JAXA = [
    ("Electric propulsion transfer vehicle", "△", "inferred", "", ""),
    ("Deep-space rendezvous and docking", "○", "inferred", "GER-022", "closeMatch"),
    (
        "Precision landing and hazard avoidance on gravity bodies",
        "○",
        "certain",
        "GER-018",
        "closeMatch",
    ),
    ("Ascent from the surface of gravity bodies and return", "○", "certain", "", ""),
    ("Surface mobility (rovers)", "○", "certain", "GER-019", "relatedMatch"),
    ("Drilling", "○", "inferred", "", ""),
    (
        "Lightweight solar cells, fuel cells and the like",
        "△",
        "inferred",
        "GER-017",
        "relatedMatch",
    ),
    ("High-efficiency water and air regeneration", "○", "certain", "", ""),
    ("Space medicine, radiation countermeasures and health management", "○", "certain", "", ""),
]

# Issue 21: the cookbook's questions kept as stored queries. The 13 later members with the bounds
# of their starts (data/history.ttl: ISECG news p661; Annual Report 2019, welcomed in 2019;
# news p1006/p999, the 2020 meetings; NSTDA, GISTDA on 31 August 2020; the Brazilian Space blog,
# AEB by August 2020; PT Space's and SunLive's pages, NZSA by 2 December 2021) and the UN M49
# region of each country (the M49 table, all.csv).
_EU, _ASIA = "Europe (UN M49 region 150)", "Asia (UN M49 region 142)"
_AMERICAS, _OCEANIA = "Americas (UN M49 region 019)", "Oceania (UN M49 region 009)"
JOINED_AFTER = [
    ("UAE Space Agency", "true", "2015-10-05", "2015-10-05", _ASIA),
    ("ASA", "true", "2019-01-01", "2019-12-31", _OCEANIA),
    ("LSA", "true", "2019-01-01", "2019-12-31", _EU),
    ("POLSA", "true", "2019-01-01", "2019-12-31", _EU),
    ("ROSA", "true", "2019-01-01", "2019-12-31", _EU),
    ("SSO", "true", "2019-01-01", "2019-12-31", _EU),
    ("NOSA", "true", "2020-01-01", "2020-03-12", _EU),
    ("VNSC", "true", "2020-01-01", "2020-03-12", _ASIA),
    ("AEB", "true", "2020-03-13", "2020-08-31", _AMERICAS),
    ("GISTDA", "true", "2020-08-31", "2020-08-31", _ASIA),
    ("AEM", "true", "2020-09-10", "2020-12-31", _AMERICAS),
    ("NZSA", "true", "2020-09-10", "2021-12-02", _OCEANIA),
    ("PT Space", "true", "2020-09-10", "2020-12-31", _EU),
]
# after 1 June 2019: the five of 2019 are known only by year, so they may have joined before
JOINED_AFTER_2019_06 = [
    (a, "false" if joined_from == "2019-01-01" else c, joined_from, joined_by, region)
    for a, c, joined_from, joined_by, region in JOINED_AFTER[1:]
]
# 2012: JAXA chaired by 30 Aug 2011 (NASA release 11-280), CSA by 20 Aug 2013 (the undated
# SpaceNews page, before the GER of August 2013): either may have chaired, neither the whole year.
# January-June 2015: ESA from 30 Sep 2014 (ISECG news), NASA not before 6 Oct 2015.
CHAIRS_BETWEEN_2012 = [
    ("2", "JAXA", "false", "2010-06-01", "2011-08-30", "2011-08-31", "2013-08-20"),
    ("3", "CSA", "false", "2011-08-31", "2013-08-20", "2014-09-30", "2014-09-30"),
]
# ESA's end: the hand-over to NASA falls between the Cologne meeting of 5 October 2015 (ESA in the
# chair) and NASA's chairing by 17 October 2017 (data/history.ttl).
CHAIRS_BETWEEN_2015_H1 = [
    ("4", "ESA", "true", "2014-09-30", "2014-09-30", "2015-10-06", "2017-10-16")
]
# Seed section 2 ⑤ (statuses; the rover's and lander's Moon) and NASA's IPAO page (the MPCV's
# destinations: near-Earth asteroids, the Moon, Mars); the others have no stated destination.
SYSTEMS_BY_DESTINATION = [
    ("Mars", "Multi-Purpose Crew Vehicle (MPCV, Orion)", "in-development"),
    ("Moon", "Multi-Purpose Crew Vehicle (MPCV, Orion)", "in-development"),
    ("Moon", "Pressurised lunar rover", "needed"),
    ("Moon", "Human lunar landing and ascent vehicle", "needed"),
    (
        "near-Earth objects (near-Earth asteroids)",
        "Multi-Purpose Crew Vehicle (MPCV, Orion)",
        "in-development",
    ),
    ("", "Space Launch System (SLS), heavy-lift launch vehicle", "in-development"),
    ("", "Next-generation launch vehicle (NGSLV)", "in-development"),
    ("", "Next-generation spacecraft (NGS)", "in-development"),
    ("", "Next-generation orbital transfer vehicle", "needed"),
    ("", "Deep-space habitation module", "needed"),
    ("", "Cargo vehicle", "needed"),
]
