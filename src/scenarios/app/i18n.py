"""Every label and help text the app shows, in English and Simplified Chinese (简体中文).

One catalogue, one entry per key: ``key: (english, chinese)``. Strings may carry ``str.format`` fields
(``{year}``); both languages must use the same fields (``tests/app/test_i18n.py`` checks this).
Pure Python: no streamlit import, so the catalogue is testable on its own.
"""

from __future__ import annotations

import string

from scenarios.provenance import SYNTHETIC_NOTICE

LANGUAGES = {"en": "English", "zh": "简体中文"}
DEFAULT_LANGUAGE = "en"

CATALOGUE: dict[str, tuple[str, str]] = {
    # --- app shell ---
    "app.title": ("Technology import & CO₂ scenarios", "技术引进与二氧化碳情景"),
    "app.language": ("Language", "语言"),
    "section.start": ("Start", "开始"),
    "section.reproduce": ("Reproduce the paper", "复现论文"),
    "section.scenarios": ("Scenarios", "情景"),
    "page.overview": ("Overview", "概览"),
    "page.data": ("Data", "数据"),
    "page.baseline": ("Fixed effects & robustness", "固定效应与稳健性"),
    "page.spatial": ("Spatial model", "空间模型"),
    "page.mediation": ("Mediation & bootstrap", "中介效应与自助法"),
    "page.explorer": ("Scenario explorer", "情景探索"),
    "page.spillovers": ("Spillovers", "空间溢出"),
    "page.compare": ("Compare scenarios", "情景比较"),
    "page.share": ("Share & export", "分享与导出"),
    "page.optimise": ("Optimise the subsidy", "补贴优化"),
    "sidebar.data": ("Data in use", "当前数据"),
    "sidebar.demo": ("Synthetic demo panel (30 provinces, 2011–2020)", "合成演示面板（30 个省份，2011–2020 年）"),
    "sidebar.uploaded": ("Your panel: {name}", "您的面板：{name}"),
    "sidebar.uploaded_demo": (
        "Your panel: {name} (the synthetic demo's content)",
        "您的面板：{name}（内容为合成演示数据）",
    ),
    "banner.synthetic": (
        "**Synthetic demo data.** The paper's data are not public: this panel was generated from the "
        "paper's published relationships on the real geography of China's provinces. Every number on this "
        "page is illustrative, not a measurement. Load your own yearbook panel on the Data page.",
        "**合成演示数据。** 论文数据未公开：本面板依据论文公布的关系、在中国各省真实地理上生成。"
        "本页所有数字仅作示意，并非实测值。可在“数据”页面载入您自己的统计年鉴面板。",
    ),
    "banner.synthetic_short": (
        "**Synthetic demo data**: every number is illustrative, not a measurement (details and your own data: Data page).",
        "**合成演示数据**：所有数字仅作示意，并非实测值（详情及载入自己的数据：“数据”页面）。",
    ),
    "label.synthetic": ("synthetic", "合成数据"),
    "notice.link_problem": ("The link had a problem: {message}", "链接存在问题：{message}"),
    "notice.unknown_parameter": (
        "Ignored unknown link parameter “{name}”.",
        "已忽略未知的链接参数“{name}”。",
    ),
    "notice.bad_value": (
        "Ignored link parameter “{name}”: “{value}” is not a valid value.",
        "已忽略链接参数“{name}”：“{value}”不是有效值。",
    ),
    "notice.too_many_saved": (
        "The link carries {count} saved scenarios; only the first {kept} were opened.",
        "链接包含 {count} 个已保存情景，仅打开了前 {kept} 个。",
    ),
    "notice.panel_not_kept": (
        "This link was made with an uploaded panel, which the server does not keep (it was restarted, or the "
        "link was opened elsewhere): the demo panel is shown. Upload your panel again on the Data page.",
        "此链接基于上传的面板生成，而服务器不会保存上传的面板（服务器已重启，或链接在别处打开）：当前显示演示面板。"
        "请在“数据”页面重新上传您的面板。",
    ),
    "error.bundled": (
        "The app cannot start: {message}",
        "应用无法启动：{message}",
    ),
    "error.unavailable": (
        "This part of the analysis could not be computed with these data and settings: {message}",
        "无法用当前数据和设置完成这部分分析：{message}",
    ),
    # --- overview ---
    "overview.lede": (
        "An open tool for climate-policy analysts, provincial planners and researchers. It reproduces a "
        "published spatial-econometric study of how imported foreign technology affects CO₂ emissions in "
        "China's 30 provinces and four key industries, then lets you slide technology-import and subsidy "
        "assumptions to project emissions to 2030 with the spillovers between provinces, and share the "
        "exact scenario as a link.",
        "面向气候政策分析人员、省级规划人员和研究者的开源工具。它复现了一项已发表的空间计量研究——国外技术"
        "引进如何影响中国 30 个省份及四大重点行业的二氧化碳排放，并允许您调整技术引进与补贴假设，"
        "结合省际空间溢出预测至 2030 年的排放，还可以将完整情景以链接形式分享。",
    ),
    "overview.paper_heading": ("The study in three lines", "三句话读懂这项研究"),
    "overview.paper_citation": (
        "Li, Wei, Xu & Jiang (2023), *Research on the Emission Reduction Effect of International Technology "
        "Import in China's Key Industries*, Atmosphere 14:1146 — 30 provinces, 2011–2020.",
        "Li、Wei、Xu 与 Jiang（2023），《国际技术引进对中国重点行业的减排效应研究》，"
        "Atmosphere 14:1146——30 个省份，2011–2020 年。",
    ),
    "overview.finding1": (
        "A larger stock of imported technology lowers a province's CO₂ emissions (two-way fixed effects: "
        "−0.337 log points per log unit), in all four key industries — most in building materials.",
        "技术引进存量越大，本省二氧化碳排放越低（双向固定效应：系数 −0.337），四大重点行业均如此，"
        "其中建材行业最为明显。",
    ),
    "overview.finding2": (
        "Emissions and imports cluster in space, and a province's imports raise its neighbours' emissions: "
        "a siphon effect (spatial Durbin model, W·tech > 0).",
        "排放与技术引进在空间上集聚，且一省的技术引进会推高邻省排放，即“虹吸效应”（空间杜宾模型，W·tech > 0）。",
    ),
    "overview.finding3": (
        "Industrial innovation (patents) mediates a small share (about 6%) of the effect, with a rebound "
        "sign; the authors advise subsidising provinces that import little.",
        "工业技术创新（专利）仅中介了约 6% 的效应，且呈能源回弹方向；作者建议对技术引进水平较低的省份给予补贴。",
    ),
    "overview.model_heading": ("How the projections work", "预测原理"),
    "overview.model_text": (
        "The paper's spatial Durbin model links each province's log CO₂ to its own technology-import stock "
        "and controls, and to its neighbours' through the weight matrix W. A change in one province's imports "
        "moves its own emissions (the diagonal) and everyone else's (the spillover).",
        "论文的空间杜宾模型把各省对数二氧化碳排放与本省的技术引进存量及控制变量相联系，"
        "并通过空间权重矩阵 W 与邻省相联系。一省技术引进的变化既影响本省排放（对角线），也影响其他省份（溢出）。",
    ),
    "overview.model_caption": (
        "y: log CO₂ of the 30 provinces; x_k: tech = ln of the technology-import stock (perpetual inventory, "
        "paper Eqs. 1–2); μ, γ: province and year effects. Projections start from the last observed year.",
        "y：30 个省份的对数二氧化碳排放；x_k：tech = 技术引进存量的对数（永续盘存法，论文式 1–2）；"
        "μ、γ：省份与年份固定效应。预测从最后一个观测年份开始。",
    ),
    "overview.start_heading": ("Where to start", "从哪里开始"),
    "overview.start_data": (
        "**Data** — look at the panel in use (the synthetic demo, or upload your own yearbook panel).",
        "**数据**——查看当前面板（合成演示面板，或上传您自己的年鉴面板）。",
    ),
    "overview.start_reproduce": (
        "**Reproduce the paper** — every table estimated again, beside the published one.",
        "**复现论文**——重新估计每张表，并与论文公布结果并列对照。",
    ),
    "overview.start_explorer": (
        "**Scenario explorer** — slide technology-import growth and subsidies; see emissions to 2030.",
        "**情景探索**——调整技术引进增速与补贴，查看至 2030 年的排放路径。",
    ),
    "overview.start_spillovers": (
        "**Spillovers** — who gains and who loses from other provinces' imports.",
        "**空间溢出**——谁从其他省份的技术引进中受益，谁受损。",
    ),
    "overview.start_share": (
        "**Share & export** — a link that reopens your exact scenario, and a ZIP of its numbers.",
        "**分享与导出**——可还原完整情景的链接，以及包含数值结果的 ZIP 文件。",
    ),
    "overview.go": ("Open", "打开"),
    # --- data page ---
    "data.source_heading": ("Panel in use", "当前面板"),
    "data.upload": ("Upload your panel (CSV or XLSX)", "上传您的面板（CSV 或 XLSX）"),
    "data.upload_button": ("Upload", "上传"),
    "data.upload_limit": ("{size} MB per file · {types}", "单个文件不超过 {size} MB · {types}"),
    "data.upload_help": (
        "One row per province and year, with the columns listed in docs/real-data.md. The file is parsed, "
        "never executed; if it has problems, they are listed here and the current panel stays loaded.",
        "每个省份每年一行，列名见 docs/real-data.md。文件只被解析、不会被执行；若有问题将在此列出，当前面板保持不变。",
    ),
    "data.upload_failed": (
        "The file {name} was not loaded ({count} problem(s)); the previous panel is still in use.",
        "文件 {name} 未能载入（{count} 个问题）；仍在使用之前的面板。",
    ),
    "data.loaded": ("Loaded {name}: {rows} rows.", "已载入 {name}：{rows} 行。"),
    "data.loaded_demo": (
        "Loaded {name}: {rows} rows. Its content is the synthetic demo panel's, so it stays labelled synthetic.",
        "已载入 {name}：{rows} 行。其内容来自合成演示面板，因此仍标注为合成数据。",
    ),
    "data.use_demo": ("Go back to the demo panel", "恢复使用演示面板"),
    "data.real_data": (
        "How to assemble a real panel from the yearbooks (docs/real-data.md)",
        "如何根据统计年鉴整理真实面板（docs/real-data.md）",
    ),
    # In English the Data page shows docs/real-data.md itself; this entry is its Chinese version.
    "data.guide": (
        "The guide is docs/real-data.md.",
        "## 用公开数据整理论文的面板\n\n"
        "本工具自带的是**合成**演示面板。要用真实数据复现 Li、Wei、Xu 与 Jiang（2023，*Atmosphere* 14:1146）或基于自己的数据预测，"
        "需要根据中国统计年鉴与 CEADs 排放清单整理一份省份-年份面板。论文的原始面板未公开：按本指南整理的面板在定义上与之接近但不完全相同，"
        "估计结果会接近而非等于论文的数值。\n\n"
        "### 简要步骤\n\n"
        "1. 在本页下载统计年鉴模板（XLSX），或运行 `python -m scenarios template --out panel.xlsx --years 2011-2020`：30 个省份 × 2011–2020 年，每列注明单位与来源。\n"
        "2. 用 CEADs 省级排放清单填写二氧化碳列：在本页上传 CEADs 工作簿（或 ZIP），或运行 `python -m scenarios ceads 文件夹/ --merge-into panel.xlsx --out panel-co2.xlsx`。\n"
        "3. 在工作表 `panel` 中录入年鉴各列（单位见工作表 `variables`），然后在本页上传检查：每个问题都会注明行与列。\n\n"
        "### 各列的单位与来源\n\n"
        "| 列 | 单位 | 来源 | 换算 |\n| --- | --- | --- | --- |\n"
        "| `co2_total` 及四个行业列 | 百万吨二氧化碳 | CEADs 省级排放清单（总量行；钢铁、建材、有色金属、石化化工对应部门之和） | 由 CEADs 导入 |\n"
        "| `tech_import_expenditure` | 亿元（名义） | 《中国科技统计年鉴》：引进境外技术经费支出 | 年鉴单位为万元：除以 10,000 |\n"
        "| `fai_price_index` | 上年 = 100 | 《中国统计年鉴》：分地区固定资产投资价格指数 | 照录 |\n"
        "| `patent_applications` | 件 | 《中国科技统计年鉴》：规模以上工业企业专利申请数 | 照录 |\n"
        "| `gdp_per_capita` | 万元/人 | 《中国统计年鉴》：人均地区生产总值 | 元 ÷ 10,000 |\n"
        "| `tertiary_share` | 比例 | 《中国统计年鉴》：第三产业增加值 ÷ 地区生产总值 | 用小数（0.47，而非 47） |\n"
        "| `energy_intensity` | 吨标准煤/万元 | 《中国能源统计年鉴》：能源消费总量 ÷ 地区生产总值 | 万吨标准煤 ÷ 亿元 |\n"
        "| `trade_openness` | 比值 | 《中国统计年鉴》：按经营单位所在地分货物进出口总额，人民币汇率 | 进出口（千美元）× 汇率 ÷ 100,000 ÷ 地区生产总值 |\n"
        "| `schooling_years` | 年 | 《中国统计年鉴》：6 岁及以上人口受教育程度 | （0×未上学 + 6×小学 + 9×初中 + 12×高中 + 16×大专及以上）÷ 6 岁及以上人口 |\n"
        "| `fiscal_expenditure_share` | 比例 | 《中国统计年鉴》：一般公共预算支出 ÷ 地区生产总值 | 用小数 |\n\n"
        "### 注意事项\n\n"
        "- **技术引进口径**：论文使用大中型工业企业的数据，较新的年鉴改为规模以上工业企业。所有年份请使用同一口径并注明。\n"
        "- **技术引进存量**：录入名义支出与价格指数，工具按论文式 1–2 计算：以首年为 1 连乘价格指数得到平减指数，"
        "永续盘存法 K_t = E_t + (1 − 15%) K_(t−1)，首年 K = E(1 + 5%)/(1 + 15%)，tech = ln K。\n"
        "- **CEADs 的范围**：默认范围一（省内燃料燃烧与工业过程）；范围一+二另加外购热力与电力，会在省际间重复计算。所有年份请使用同一范围并注明。"
        "CEADs 省级清单目前只到 2019 年，2020 年需按 CEADs 方法由《中国能源统计年鉴 2021》计算。\n"
        "- **缺失值**：载入时不接受空单元格；插值或外推由您决定并应在报告中说明。\n\n"
        "### 引用\n\n"
        "论文：Li, W.; Wei, Z.; Xu, L.; Jiang, S. (2023) *Atmosphere* 14, 1146。CEADs：Shan 等（2016）*Applied Energy* 184:742-750；"
        "Shan 等（2018）*Scientific Data* 5:170201；Shan 等（2020）*Scientific Data* 7:54；Guan 等（2021）*Earth's Future* 9:e2021EF002241。"
        "以及所用各版统计年鉴（中国统计出版社）。完整的英文指南见 docs/real-data.md。",
    ),
    "data.real_data_missing": (
        "docs/real-data.md is not in this copy of the tool.",
        "本工具副本中缺少 docs/real-data.md。",
    ),
    "data.maps_value": ("Real technology import", "实际技术引进额"),
    "data.maps_legend": (
        "Real technology-import expenditure (first-year prices), one scale for the three maps",
        "实际技术引进经费支出（首年价格），三幅地图同一色阶",
    ),
    "unit.cny100m": ("CNY 100 million", "亿元"),
    "data.ceads_scope": ("Emission scope", "排放范围"),
    "data.ceads_scope_1": ("Scope 1 (inside the province)", "范围一（省内直接排放）"),
    "data.ceads_scope_1_2": ("Scope 1+2 (plus purchased heat and power)", "范围一+二（含外购热力与电力）"),
    "data.ceads_overwrite": (
        "Overwrite panel values that differ from CEADs",
        "覆盖与 CEADs 不一致的面板数值",
    ),
    "data.ceads_merge": ("Merge into the panel", "合并入面板"),
    "data.ceads_failed": ("The CEADs workbooks were not merged:", "未能合并 CEADs 工作簿："),
    "data.template": ("Download the yearbook template (XLSX)", "下载统计年鉴模板（XLSX）"),
    "data.ceads_heading": ("CEADs emission inventories", "CEADs 排放清单"),
    "data.ceads_upload": (
        "Upload CEADs provincial inventory workbooks (XLSX) to replace the emission columns",
        "上传 CEADs 省级排放清单（XLSX），替换面板中的排放列",
    ),
    "data.ceads_merged": (
        "Merged CEADs emissions from {count} workbook(s) into the panel.",
        "已将 {count} 个 CEADs 工作簿的排放数据合并入面板。",
    ),
    "data.raw_heading": ("The panel", "面板数据"),
    "data.table1_heading": ("Table 1 — descriptive statistics, beside the paper", "表 1——描述性统计，与论文对照"),
    "data.computing_table1": (
        "Computing Table 1 (descriptive statistics of the analysis variables) from the panel…",
        "正在根据面板计算表 1（分析变量的描述性统计）……",
    ),
    "data.computing_imports": (
        "Deflating technology-import spending to first-year prices for Figures 2–4…",
        "正在将技术引进支出平减为首年价格，用于图 2–4……",
    ),
    "data.maps_no_years": (
        "The panel has none of the years 2011, 2016 and 2020 that Figures 2–4 show.",
        "面板中没有图 2–4 所示的 2011、2016 或 2020 年。",
    ),
    "data.series_heading": ("Province time series", "省份时间序列"),
    "data.series_variable": ("Variable", "变量"),
    "data.series_provinces": ("Provinces", "省份"),
    "data.maps_heading": (
        "Technology import by province, 2011, 2016 and 2020 (Figures 2–4)",
        "各省技术引进，2011、2016 与 2020 年（图 2–4）",
    ),
    "data.figure_downloads": (
        "Figure {number} for publication, as the paper draws it (tech = ln of the technology-import stock; "
        "every provincial-level unit, the South China Sea in an inset):",
        "供出版使用的图 {number}，与论文画法一致（tech = 技术引进存量的对数；包含全部省级行政区，南海诸岛以插图表示）：",
    ),
    "anchors.col.series": ("series", "排放序列"),
    "anchors.col.unit": ("unit", "单位"),
    "anchors.col.years": ("years", "年份"),
    "anchors.col.cells": ("cells", "单元格数"),
    "anchors.col.reported": ("reported", "已报告"),
    "anchors.col.missing": ("missing", "缺失"),
    "anchors.col.missing_cells": ("missing cells", "缺失单元格"),
    "anchors.col.province": ("province", "省份"),
    "anchors.col.year": ("year", "年份"),
    "anchors.col.flag": ("flag", "标记"),
    "anchors.col.value": ("value", "数值"),
    "anchors.col.basis": ("basis", "依据"),
    "anchors.col.dataset": ("dataset", "数据集"),
    "anchors.col.title": ("title", "标题"),
    "anchors.col.table": ("table", "表"),
    "anchors.col.licence": ("licence", "许可"),
    "anchors.col.citation": ("citation", "引用"),
    "data.figure_png": ("PNG, 300 dpi", "PNG 位图，300 dpi"),
    "data.figure_svg": ("SVG (vector)", "SVG（矢量）"),
    "data.figure_pdf": ("PDF (vector)", "PDF（矢量）"),
    "data.maps_caption": (
        "Real technology-import expenditure (CNY 100 million, first-year prices), one colour scale for the three "
        "years: light = little, teal to dark = more. Grey: Tibet, Hong Kong, Macao and Taiwan, not in the sample. Choose the year; hover for values.",
        "实际技术引进经费支出（亿元，首年价格），三个年份使用同一色阶：浅色为少，青色至深色为多。"
        "灰色为西藏、香港、澳门和台湾（不在样本内）。选择年份；鼠标悬停可查看数值。",
    ),
    # --- reproduction ---
    "repro.agreement": ("Agreement with the paper", "与论文的一致性"),
    "repro.ours": ("This run", "本次估计"),
    "repro.ours_synthetic": ("This run (synthetic)", "本次估计（合成数据）"),
    "repro.agreement_short": ("Agrees", "一致性"),
    "repro.paper": ("Paper", "论文"),
    "repro.match_legend": (
        "per row: ✓ every sign and significance band as published · ≈ signs only · ✗ a sign differs",
        "逐行：✓ 符号与显著性水平均与论文一致 · ≈ 仅符号一致 · ✗ 有符号不一致",
    ),
    "repro.tally": (
        "Same sign as the paper: {signs}/{cells} cells; same significance band: {stars}/{banded}",
        "与论文符号一致：{signs}/{cells} 个单元格；显著性水平一致：{stars}/{banded}",
    ),
    "repro.demo_calibrated": (
        "synthetic demo: its process was calibrated so that the technology-import cells of Tables 3, 4, 9, 10 "
        "and 11 agree, so agreement shows that the estimators recover it, not that it holds in China",
        "合成演示面板：其生成过程经过校准，使表 3、4、9、10、11 的技术引进系数与论文一致；"
        "因此这里的一致只说明估计方法能还原该过程，并不说明其在中国成立",
    ),
    "repro.running": ("Estimating every table of the paper on this panel…", "正在基于当前面板估计论文的全部表格……"),
    "repro.download_csv": ("CSV", "CSV"),
    "repro.download_latex": ("LaTeX", "LaTeX"),
    "repro.baseline_intro": (
        "Two-way fixed-effects regressions of log CO₂ on the technology-import stock (Table 3), by industry "
        "(Table 4), unit-root tests (Table 2) and robustness checks (Table 12).",
        "对数二氧化碳对技术引进存量的双向固定效应回归（表 3）、分行业回归（表 4）、单位根检验（表 2）"
        "及稳健性检验（表 12）。",
    ),
    "repro.spatial_intro": (
        "The three spatial weight matrices, global and local Moran's I, model selection tests (Table 8) and "
        "the spatial Durbin model with its direct and spillover effects (Table 9).",
        "三种空间权重矩阵、全局与局部莫兰指数、模型选择检验（表 8），以及空间杜宾模型及其直接效应与溢出效应（表 9）。",
    ),
    "repro.mediation_intro": (
        "Industrial innovation (patents) as a mediator: Baron–Kenny steps (Tables 10, 11) and bootstrap "
        "confidence intervals (Table 13).",
        "以工业技术创新（专利）为中介变量：Baron–Kenny 逐步回归（表 10、11）与自助法置信区间（表 13）。",
    ),
    "repro.table": ("Table {n}", "表 {n}"),
    # the paper's table captions, in English as published
    "table.1": ("Main variable definitions and descriptive analysis.", "主要变量定义与描述性统计"),
    "table.2": ("Unit root test for major variables.", "主要变量的单位根检验"),
    "table.3": ("Benchmark model regression results.", "基准模型回归结果"),
    "table.4": ("Industry heterogeneity of carbon emissions.", "碳排放的行业异质性"),
    "table.5": (
        "Global Moran index under the reciprocal matrix of geographic distances.",
        "地理距离倒数矩阵下的全局莫兰指数",
    ),
    "table.6": (
        "Global Moran index under the reciprocal square matrix of geographic distances.",
        "地理距离平方倒数矩阵下的全局莫兰指数",
    ),
    "table.7": ("Global Moran index under adjacency matrix.", "邻接矩阵下的全局莫兰指数"),
    "table.8": ("LM, LR, WALD test results.", "LM、LR 与 Wald 检验结果"),
    "table.9": (
        "Empirical results of spatial Dubin model of various spatial weight matrices.",
        "不同空间权重矩阵下空间杜宾模型的实证结果",
    ),
    "table.10": (
        "The intermediary effect of carbon emission reduction in industrial technology innovation.",
        "工业技术创新的碳减排中介效应",
    ),
    "table.11": (
        "Intermediary mechanism for carbon emission reduction of industrial technological innovations in different key industries.",
        "不同重点行业中工业技术创新的碳减排中介机制",
    ),
    "table.12": ("Robustness test results.", "稳健性检验结果"),
    "table.13": ("Bootstrap test results.", "自助法检验结果"),
    "repro.weights": ("Spatial weight matrix", "空间权重矩阵"),
    "repro.w1": ("W1 inverse distance", "W1 地理距离倒数"),
    "repro.w2": ("W2 inverse distance squared", "W2 地理距离平方倒数"),
    "repro.w3": ("W3 contiguity", "W3 邻接"),
    "repro.moran_heading": ("Global Moran's I by year (Tables 5–7)", "逐年全局莫兰指数（表 5–7）"),
    "repro.lisa_heading": ("Local Moran (LISA) clusters", "局部莫兰（LISA）聚类"),
    "repro.lisa_variable": ("Variable", "变量"),
    "repro.year": ("Year", "年份"),
    "repro.effects_heading": ("Direct, spillover and total effects", "直接效应、溢出效应与总效应"),
    "repro.weights_heading": ("Spatial weights (row-standardised)", "空间权重（行标准化）"),
    "repro.weight_axis": ("Weight (row sums to 1)", "权重（每行和为 1）"),
    "repro.section_3_1_2": (
        "Section 3.1.2 in the text: Hausman test and mean VIF",
        "正文第 3.1.2 节：Hausman 检验与平均方差膨胀因子（VIF）",
    ),
    "repro.statistic": ("Statistic", "统计量"),
    "repro.hausman_chi2": ("Hausman test, χ² statistic", "Hausman 检验 χ² 统计量"),
    "repro.hausman_df": ("Hausman test, degrees of freedom", "Hausman 检验自由度"),
    "repro.hausman_p": ("Hausman test, p-value", "Hausman 检验 p 值"),
    "repro.mean_vif": ("Mean variance inflation factor (VIF)", "平均方差膨胀因子（VIF）"),
    "repro.hausman_paper": ("rejects random effects at 1%", "在 1% 水平拒绝随机效应"),
    "repro.hausman_caption": (
        "Hausman: H = (b_FE − b_RE)′ [V_FE − V_RE]⁻¹ (b_FE − b_RE), χ² with one degree of freedom per "
        "regressor; a small p rejects random effects in favour of fixed effects. Mean VIF below 10: no harmful "
        "multicollinearity.",
        "Hausman 检验：H = (b_FE − b_RE)′ [V_FE − V_RE]⁻¹ (b_FE − b_RE)，服从自由度为回归变量个数的 χ² 分布；"
        "p 值小则拒绝随机效应、支持固定效应。平均 VIF 低于 10：无严重多重共线性。",
    ),
    "repro.hausman_negative": (
        "The Hausman statistic H = (b_FE − b_RE)′ [V_FE − V_RE]⁻¹ (b_FE − b_RE) is negative here: in this "
        "sample the difference of the two covariance matrices is not positive definite, which happens in short "
        "panels, so the test is not informative (Stata warns of the same) and its p-value is shown as 1. It "
        "does not support random effects; the paper, like this tool, uses fixed effects. Mean VIF below 10: no "
        "harmful multicollinearity.",
        "此处 Hausman 统计量 H = (b_FE − b_RE)′ [V_FE − V_RE]⁻¹ (b_FE − b_RE) 为负：在本样本中两组协方差矩阵之差不是正定的"
        "（短面板中常见），因此检验无法给出结论（Stata 也会对此给出警告），p 值显示为 1。这并不支持随机效应；"
        "论文与本工具均采用固定效应。平均 VIF 低于 10：无严重多重共线性。",
    ),
    "repro.lisa_caption": (
        "Local Moran's I at 5% (999 permutations, seed 0) under the chosen W: high-high and low-low "
        "clusters, and high-low / low-high outliers.",
        "所选空间权重下 5% 显著性水平的局部莫兰指数（999 次置换，种子 0）：高-高、低-低聚类及高-低、低-高离群。",
    ),
    "variable.ce": ("CO₂ emissions (ce)", "二氧化碳排放（ce）"),
    "variable.tech": ("Technology import (tech)", "技术引进（tech）"),
    "lisa.HH": ("High-high", "高-高"),
    "lisa.LL": ("Low-low", "低-低"),
    "lisa.HL": ("High-low", "高-低"),
    "lisa.LH": ("Low-high", "低-高"),
    "lisa.not significant": ("Not significant", "不显著"),
    # --- scenario explorer ---
    "explorer.policies": ("Policies", "政策"),
    "explorer.assumptions": ("Assumptions", "假设"),
    "explorer.preset": ("Preset", "预设情景"),
    "explorer.preset_apply": ("Apply", "应用"),
    "explorer.weights_help": (
        "W1: inverse distance; W2: inverse distance squared; W3: contiguity (Hainan linked to Guangdong). "
        "Row-standardised, as in the paper.",
        "W1：地理距离倒数；W2：地理距离平方倒数；W3：邻接矩阵（海南与广东相连）。与论文一致，均作行标准化。",
    ),
    "explorer.coefficients": ("Coefficient source", "系数来源"),
    "explorer.coef_published": ("Paper's published estimates", "论文公布的估计值"),
    "explorer.coef_estimated": ("Re-estimated on the loaded panel", "基于当前面板重新估计"),
    "explorer.weights": ("Spatial weights", "空间权重"),
    "explorer.view": ("View", "视图"),
    "explorer.view_national": ("National", "全国"),
    "explorer.view_province": ("Province", "省份"),
    "explorer.view_industry": ("Industry", "行业"),
    "explorer.province": ("Province", "省份"),
    "explorer.industry": ("Industry", "行业"),
    "explorer.baseline": ("Baseline", "基准"),
    "explorer.modified_baseline": ("Modified baseline", "调整后基准"),
    "explorer.scenario": ("Scenario", "情景"),
    "explorer.peak": ("2030 peak target", "2030 年达峰目标"),
    "explorer.emissions_axis": ("CO₂ emissions (Mt CO₂ per year)", "二氧化碳排放（百万吨二氧化碳/年）"),
    "explorer.year_axis": ("Year", "年份"),
    "explorer.band": ("90% band", "90% 区间"),
    "explorer.metric_horizon": ("Emissions in {year}", "{year} 年排放"),
    "explorer.metric_avoided": ("Avoided {start}–{end} vs baseline", "{start}–{end} 年相对基准累计减排"),
    "explorer.metric_cost": ("Subsidy cost, total", "补贴总成本"),
    "explorer.metric_cost.help": (
        "All transfers paid over the projection, CNY billion at the prices of the last observed year.",
        "预测期内支付的全部转移支付，按最后观测年份价格计，单位十亿元。",
    ),
    "explorer.metric_cost_per_t": ("Subsidy cost per tonne avoided", "补贴每吨减排成本"),
    "explorer.metric_cost_per_t.help": (
        "Total subsidy paid divided by the national CO₂ it avoids (scenario without the subsidy minus the "
        "scenario), spillovers included. When the neighbours' extra emissions (the siphon effect) outweigh the "
        "subsidised provinces' cuts, there is no net reduction.",
        "补贴总额除以其带来的全国二氧化碳减排量（无补贴情景减去本情景），已计入空间溢出。"
        "若邻省增加的排放（虹吸效应）超过受补贴省份的减排，则无净减排。",
    ),
    "explorer.no_reduction": ("no net reduction", "无净减排"),
    "explorer.observed": ("Observed", "观测值"),
    "explorer.band_caption": (
        "Shaded: 5–95% band of the scenario over 1,000 draws of the coefficients. Dark line: observed years.",
        "阴影：基于 1,000 次系数抽样的情景 5–95% 区间。深色线：观测年份。",
    ),
    "explorer.by_region": ("Import growth by region", "分地区技术引进增速"),
    "explorer.apply": ("Apply", "应用"),
    "explorer.by_province": ("Import growth by province", "分省份技术引进增速"),
    "explorer.clear_provinces": ("Clear province settings", "清除省份设置"),
    "lever.province_growth": ("Technology-import growth, {province}", "{province} 技术引进增速"),
    "lever.assumptions.time_effect": ("Time effect after 2020", "2020 年后的时间效应"),
    "lever.assumptions.time_effect.help": (
        "Held at its last estimated value, or following its sample trend. The paper does not publish its time "
        "effects, so a trend needs coefficients re-estimated on the loaded panel.",
        "保持最后一年的估计值，或延续样本期趋势。论文未公布时间效应，因此趋势选项需要基于当前面板重新估计系数。",
    ),
    "lever.time_effect.hold": ("Hold", "保持"),
    "lever.time_effect.trend": ("Trend", "延续趋势"),
    "explorer.subsidy": ("Subsidy to lagging provinces", "对技术引进落后省份的补贴"),
    "explorer.assumptions_detail": ("Baseline growth and control variables", "基准增速与控制变量"),
    "unit.cny_bn": ("CNY bn", "十亿元"),
    "unit.mt": ("Mt", "百万吨"),
    "unit.mt_co2": ("Mt CO₂", "百万吨二氧化碳"),
    "unit.cny_per_t": ("CNY/t", "元/吨"),
    "unit.t_per_cny_10k": ("t CO₂ per CNY 10,000", "吨二氧化碳/万元"),
    "unit.% per year": ("% per year", "%/年"),
    "unit.year": ("year", "年"),
    "unit.CNY 100 million per year": ("CNY 100 million per year", "亿元/年"),
    "unit.provinces": ("provinces", "个省份"),
    "unit.fraction": ("share, 0–1", "比例，0–1"),
    "unit.percentage points per year": ("percentage points per year", "百分点/年"),
    "unit.years per year": ("years per year", "年/年"),
    "industry.total": ("All CO₂", "二氧化碳总排放"),
    "industry.steel": ("Steel", "钢铁"),
    "industry.building_materials": ("Building materials", "建材"),
    "industry.nonferrous": ("Non-ferrous metals", "有色金属"),
    "industry.petrochemical": ("Petrochemicals", "石化化工"),
    "region.East": ("East", "东部"),
    "region.Central": ("Central", "中部"),
    "region.West": ("West", "西部"),
    "region.Northeast": ("Northeast", "东北"),
    "preset.baseline": ("Baseline", "基准情景"),
    "preset.baseline.help": (
        "Real technology-import spending keeps growing at the paper's 5% a year; no policy.",
        "实际技术引进支出按论文设定的每年 5% 继续增长；无政策干预。",
    ),
    "preset.subsidise-lagging": ("Subsidise lagging provinces", "补贴落后省份"),
    "preset.subsidise-lagging.help": (
        "The paper's recommendation (§5): CNY 5 billion a year to the five provinces with the lowest "
        "technology-import stock, all spent on imports.",
        "论文建议（第 5 节）：每年向技术引进存量最低的五个省份转移支付 50 亿元，全部用于技术引进。",
    ),
    "preset.coast-fast": ("Fast import growth on the coast", "东部沿海加速引进"),
    "preset.coast-fast.help": (
        "Eastern provinces raise real technology-import spending by 10% a year.",
        "东部省份实际技术引进支出每年增长 10%。",
    ),
    "preset.slowdown": ("Import slowdown", "技术引进放缓"),
    "preset.slowdown.help": (
        "Real technology-import spending stops growing everywhere (0% a year).",
        "各省实际技术引进支出停止增长（每年 0%）。",
    ),
    "lever.horizon": ("Project to", "预测至"),
    "lever.import_growth": ("Technology-import growth, national", "全国技术引进增速"),
    "lever.import_growth.help": (
        "Growth of real technology-import spending in every province from the policy start year. At the "
        "baseline assumption there is no national policy.",
        "自政策起始年起，各省实际技术引进支出的增长率。与基准假设相同时视为无全国性政策。",
    ),
    "lever.phase_in": ("Import policy starts in", "引进政策起始年"),
    "lever.phase_in.help": (
        "Before this year, spending grows at the baseline assumption.",
        "在此之前，支出按基准假设增长。",
    ),
    "lever.subsidy.amount": ("Central subsidy, per year", "中央补贴（每年）"),
    "lever.subsidy.amount.help": (
        "A transfer split equally among the provinces with the lowest technology-import stock (paper §5). 50 = CNY 5 billion.",
        "在技术引进存量最低的省份间平均分配的转移支付（论文第 5 节）。50 即 50 亿元。",
    ),
    "lever.subsidy.lowest": ("Number of provinces subsidised", "受补贴省份数"),
    "lever.subsidy.lowest.help": (
        "The provinces with the lowest technology-import stock in the last observed year.",
        "最后观测年份中技术引进存量最低的省份。",
    ),
    "lever.subsidy.share": ("Share spent on technology imports", "用于技术引进的比例"),
    "lever.subsidy.share.help": (
        "The part of each transfer that becomes extra real technology-import spending.",
        "每笔转移支付中转化为新增实际技术引进支出的部分。",
    ),
    "lever.subsidy.years": ("Subsidy paid from – to", "补贴起止年份"),
    "lever.subsidy.raises_fin": ("Subsidy also raises local budget spending (fin)", "补贴同时提高地方财政支出（fin）"),
    "lever.subsidy.raises_fin.help": (
        "The whole transfer also raises local budget expenditure / GDP, which the model links to emissions.",
        "全部转移支付同时提高地方财政支出占 GDP 比重，模型中该变量与排放相关。",
    ),
    "lever.assumptions.import_growth": ("Baseline technology-import growth", "基准技术引进增速"),
    "lever.assumptions.import_growth.help": (
        "What spending does without policy; the paper uses g = 5% (Eq. 1).",
        "无政策时的支出增长；论文取 g = 5%（式 1）。",
    ),
    "lever.assumptions.gdp_growth": ("GDP per capita growth", "人均 GDP 增速"),
    "lever.assumptions.gdp_growth.help": ("Control variable gdp.", "控制变量 gdp。"),
    "lever.assumptions.ind_change": ("Tertiary share of GDP, change", "第三产业占比变化"),
    "lever.assumptions.ind_change.help": ("Control variable ind.", "控制变量 ind。"),
    "lever.assumptions.ei_growth": ("Energy intensity growth", "能源强度增速"),
    "lever.assumptions.ei_growth.help": ("Control variable ei.", "控制变量 ei。"),
    "lever.assumptions.tra_growth": ("Trade openness growth", "贸易开放度增速"),
    "lever.assumptions.tra_growth.help": ("Control variable tra.", "控制变量 tra。"),
    "lever.assumptions.edu_change": ("Years of schooling, change", "平均受教育年限变化"),
    "lever.assumptions.edu_change.help": ("Control variable edu.", "控制变量 edu。"),
    "lever.assumptions.fin_change": ("Local budget spending / GDP, change", "地方财政支出占比变化"),
    "lever.assumptions.fin_change.help": ("Control variable fin.", "控制变量 fin。"),
    "explorer.peak_year": ("Peak year", "达峰年份"),
    "explorer.peak_year.help": (
        "The year of the scenario's highest emissions in the projection, observed years included.",
        "情景排放（含观测年份）最高的年份。",
    ),
    "explorer.no_peak": ("no peak before {year}", "{year} 年前未达峰"),
    "explorer.metric_horizon.help": (
        "The scenario's emissions in the last projected year; below, the difference from the baseline in that year.",
        "情景在预测末年的排放；下方为该年相对基准的差值。",
    ),
    "explorer.band_tooltip": ("5–95% band (Mt CO₂)", "5–95% 区间（百万吨二氧化碳）"),
    "explorer.series_caption": (
        "Baseline: the default assumptions and no policy. Modified baseline: the baseline under this scenario's "
        "assumptions (the Assumptions levers), still without its policies; it equals the baseline until an "
        "assumption is changed. Scenario: assumptions and policies. The gap between the modified baseline and "
        "the scenario is what the policies do.",
        "基准：默认假设、无政策。调整后基准：采用本情景的假设（“假设”中的参数）但不含其政策；在修改任何假设之前与基准相同。"
        "情景：假设加政策。调整后基准与情景之间的差距即政策的作用。",
    ),
    "explorer.save": ("Save for comparison as", "保存以便比较，名称"),
    "explorer.save_button": ("Save", "保存"),
    "explorer.saved": ("Saved “{name}”.", "已保存“{name}”。"),
    "explorer.default_name": ("My scenario", "我的情景"),
    "explorer.save_full": (
        "{count} scenarios are saved, as many as a link carries: remove one on the Compare page first.",
        "已保存 {count} 个情景，已达链接可容纳的上限：请先在情景比较页面删除一个。",
    ),
    "explorer.save_empty": ("Give the scenario a name before saving it.", "请先为情景命名再保存。"),
    "explorer.save_exists": (
        "A saved scenario is already called “{name}”. Replace it with the current settings?",
        "已有名为“{name}”的保存情景。是否用当前设置替换它？",
    ),
    "explorer.save_overwrite": ("Replace “{name}”", "替换“{name}”"),
    "explorer.save_keep": ("Keep both: choose another name", "保留原情景，另取名称"),
    "explorer.reset": ("Reset to baseline", "重置为基准"),
    # --- cautions of a projection (scenarios.app.cautions: one entry per kind of Projection.warnings) ---
    "warning.horizon": (
        "The horizon {horizon} is far outside the sample (2011-2020): projections decades ahead are "
        "illustrations, not forecasts.",
        "预测终点 {horizon} 年远超样本期（2011–2020 年）：系数只描述了十年的数据，数十年后的预测仅供示意，并非预报。",
    ),
    "warning.phase_in_after_horizon": (
        "The import policy starts in {start}, after the horizon {horizon}: its growth rates change nothing.",
        "技术引进政策于 {start} 年开始，晚于预测终点 {horizon} 年：其增长率对本次预测没有影响。",
    ),
    "warning.subsidy_after_horizon": (
        "The subsidy starts in {start}, after the horizon {horizon}: nothing is paid within the projection.",
        "补贴于 {start} 年开始，晚于预测终点 {horizon} 年：预测期内不发放任何补贴。",
    ),
    "warning.published_industries": (
        "Industry projections use the paper's Table 4 fixed-effects coefficients, which have no spatial "
        "spillover: for the four industries the spillover is zero by construction.",
        "行业预测采用论文表 4 的固定效应系数，不含空间溢出：四个行业的溢出效应按构造为零。",
    ),
    "warning.rho_at_bound": (
        "The SDM re-estimated for {series} puts rho ({rho}) at an end of its admissible interval "
        "({low}, {high}): rho, the spillovers and their bands are not reliable.",
        "为 {series} 重新估计的 SDM 中，rho（{rho}）落在其可行区间 ({low}, {high}) 的端点上："
        "似然在边界处仍在上升，rho、溢出效应及其区间均不可靠。",
    ),
    "warning.steep_trend": (
        "The trended time effect alone changes emissions by {changes} a year, compounding to {horizon}; "
        "prefer 'hold' unless the trend is credible.",
        "仅时间趋势效应每年就使排放变化 {changes}，并复合累积至 {horizon} 年。样本中它还吸收了各省技术引进存量的共同增长，"
        "外推后可能压倒所有政策杠杆：除非该趋势可信，否则建议选择“保持”。",
    ),
    "warning.filled_spending": (
        "Technology-import spending of {who} was not reported for some years and was filled by the anchors' "
        "rule: their stock and projection rest partly on assumed spending.",
        "{who} 部分年份的技术引进经费未报告，已按锚点数据的规则（最近报告年份或插值）填补：这些省份的存量与预测"
        "部分基于假设的经费。",
    ),
    "warning.horizon_within_observed": (
        "The horizon {horizon} lies within the years whose technology-import spending is observed (through "
        "{last}): no lever acts before {first}, so the scenario is its modified baseline.",
        "预测终点 {horizon} 年仍在技术引进经费的观测期内（观测至 {last} 年）：政策杠杆自 {first} 年起才生效，"
        "因此情景等于其调整后基准。",
    ),
    "warning.observed_spending": (
        "Technology-import spending is observed through {last}: the levers act from {first}.",
        "技术引进经费已观测至 {last} 年：政策杠杆自 {first} 年起生效，过去无法改变。",
    ),
    "warning.far_tech": (
        "The levers move the technology-import stock of {who} more than {fold}-fold away from the baseline "
        "(up to {largest}-fold): the effects there are extrapolations.",
        "政策杠杆使 {who} 的技术引进存量偏离基准超过 {fold} 倍（最多 {largest} 倍）：远超系数估计所依据的变化范围，"
        "这些地区的效应是对对数线性模型的外推。",
    ),
    "warning.industries_exceed_total": (
        "Against the baseline the four industries together change by {industries} Mt, total emissions by only "
        "{total} Mt (summed to {horizon}): compare each series with its own baseline.",
        "相对基准，四个行业合计变化 {industries} 百万吨，而总排放仅变化 {total} 百万吨（累计至 {horizon} 年）："
        "每个序列都是独立的模型（系数与溢出各不相同），并非总量的组成部分，请将各序列与其自身基准比较。",
    ),
    "explorer.beyond_2030": (
        "Years after 2030 extrapolate well beyond the 2011–2020 estimation window; read them as illustrations.",
        "2030 年以后的年份远超 2011–2020 年的估计区间，仅供示意。",
    ),
    # --- spillovers ---
    "spill.intro": (
        "What a province's extra technology import does to its own emissions (own effect) and to everyone "
        "else's (spillover), under the scenario's levers and the chosen W.",
        "在当前情景与所选空间权重下，一省额外的技术引进对本省排放的影响（本地效应）以及对其他省份的影响（溢出效应）。",
    ),
    "spill.metric": ("Map shows", "地图显示"),
    "spill.own": ("Own effect", "本地效应"),
    "spill.received": ("Spillover received", "接收的溢出"),
    "spill.province": ("Province", "省份"),
    "spill.chosen_heading": ("{province} in {year}, scenario minus baseline", "{province}，{year} 年（情景减基准）"),
    "spill.net": ("Net change", "净变化"),
    "spill.own.help": (
        "The change in the province's own emissions caused by its own extra technology import.",
        "本省新增技术引进对本省排放造成的变化。",
    ),
    "spill.received.help": (
        "The change in the province's emissions caused by the other provinces' extra technology import (through W).",
        "其他省份新增技术引进（通过空间权重 W）对本省排放造成的变化。",
    ),
    "spill.net.help": (
        "Own effect plus spillover received: the province's whole change.",
        "本地效应加接收的溢出：该省的全部变化。",
    ),
    "spill.map_legend": ("{metric} in {year}, scenario minus baseline", "{year} 年{metric}（情景减基准）"),
    "spill.less": ("less CO₂", "二氧化碳减少"),
    "spill.more": ("more CO₂", "二氧化碳增加"),
    "spill.sends": ("What {province}'s extra imports do to others", "{province} 新增技术引进对其他省份的影响"),
    "spill.receives": ("What others' extra imports do to {province}", "其他省份新增技术引进对 {province} 的影响"),
    "spill.flows_heading": ("Flows of {province}, {year}", "{province} 的溢出流向（{year} 年）"),
    "spill.change_axis": ("Change in {year} emissions (Mt CO₂)", "{year} 年排放变化（百万吨二氧化碳）"),
    "spill.cumulative_axis": (
        "Change in cumulative emissions vs baseline (Mt CO₂)",
        "相对基准的累计排放变化（百万吨二氧化碳）",
    ),
    "spill.ranking": ("Who gains, who loses ({start}–{end})", "谁受益，谁受损（{start}–{end} 年）"),
    "spill.ranking_caption": (
        "Scenario minus baseline, all effects. Blue bars: the province emits less. Red bars: it emits more — "
        "with a positive W·tech coefficient, its neighbours' imports pull emissions towards it (the paper's siphon effect).",
        "情景减基准，包含全部效应。蓝色：该省排放减少；红色：排放增加——当 W·tech 系数为正时，"
        "邻省的技术引进会把排放“推”向该省（论文所称的虹吸效应）。",
    ),
    "spill.legend": (
        "Scenario minus baseline in {year}, Mt CO₂: blue = less CO₂, red = more. Pick a province above (or click "
        "it on the map) to see its flows below.",
        "{year} 年情景减基准（百万吨二氧化碳）：蓝色为减少，红色为增加。在上方选择省份（或在地图上点击）即可在下方查看其溢出流向。",
    ),
    "spill.no_policy": (
        "The current scenario has no policy, so there is nothing to spill over. Set a policy lever (or apply a "
        "preset such as “Fast import growth on the coast”) in the Scenario explorer.",
        "当前情景没有任何政策，因此不存在溢出。请在“情景探索”中设置政策参数（或应用“东部沿海加速引进”等预设）。",
    ),
    # --- compare ---
    "compare.intro": (
        "Scenarios saved in this session (and carried in the link). Save the current one from the Scenario explorer.",
        "本次会话中保存的情景（链接中同样保存）。可在“情景探索”页面保存当前情景。",
    ),
    "compare.empty": ("No saved scenarios yet.", "尚未保存情景。"),
    "compare.remove": ("Remove", "删除"),
    "compare.current": ("Current", "当前"),
    "compare.name": ("Scenario", "情景"),
    "compare.horizon_mt": ("Emissions at horizon (Mt CO₂)", "预测期末排放（百万吨二氧化碳）"),
    "compare.vs_baseline": ("vs baseline (Mt CO₂)", "相对基准（百万吨二氧化碳）"),
    "compare.avoided": ("Avoided, cumulative (Mt CO₂)", "累计减排（百万吨二氧化碳）"),
    "compare.cost": ("Subsidy cost (CNY bn)", "补贴成本（十亿元）"),
    "compare.levers": ("Settings (link form)", "参数（链接形式）"),
    "compare.chart_title": ("National CO₂ under each scenario", "各情景下的全国二氧化碳排放"),
    "compare.baseline_of": ("Baseline of {names} ({coefficients})", "{names} 的基准（{coefficients}）"),
    "compare.coefficients": ("Coefficients (source, W)", "系数（来源，空间权重）"),
    "compare.mixed_baselines": (
        "These scenarios use {count} different baselines (other coefficient sources or W): each is compared with "
        "its own baseline, drawn dashed and named by its coefficients. Differences between scenarios then mix "
        "the levers with the coefficients.",
        "这些情景使用了 {count} 条不同的基准（系数来源或空间权重不同）：每个情景均与其自身基准比较，基准以虚线绘制并标明其系数。"
        "此时情景之间的差异同时包含参数设置与系数的差异。",
    ),
    "compare.baseline_caption": (
        "Dashed: baselines (default assumptions, no policy) of the coefficients named. “vs baseline” and "
        "“Avoided” compare each scenario with its own baseline.",
        "虚线：所注明系数下的基准（默认假设、无政策）。“相对基准”与“累计减排”均为各情景与其自身基准的比较。",
    ),
    # --- optimise ---
    "opt.intro": (
        "Where should a technology-import subsidy go? A province's extra imports cut its own emissions but, "
        "where the model's W·tech coefficient is positive, raise its neighbours' (the siphon effect). This page "
        "finds the allocation of a yearly budget across provinces that cuts national emissions most, "
        "spillovers included, using the exact projection of the scenario explorer, and compares it with the "
        "paper's rule (equal shares to the provinces that import least) and an equal split.",
        "技术引进补贴应投向哪里？一个省份新增技术引进会降低本省排放，但在模型 W·tech 系数为正时会提高邻省排放"
        "（虹吸效应）。本页在计入空间溢出的前提下，利用情景探索所用的精确预测，求出使全国排放降幅最大的年度预算"
        "省际分配，并与论文的规则（平均分给技术引进最少的省份）及全国平均分配进行比较。",
    ),
    "opt.budget": ("Budget (CNY 100 million per year)", "预算（亿元/年）"),
    "opt.budget.help": (
        "Paid every year in the chosen years, at the prices of the last observed year. 50 = CNY 5 billion a year.",
        "在所选年份内每年支付，按最后观测年份价格计。50 即每年 50 亿元。",
    ),
    "opt.years": ("Years paid", "支付年份"),
    "opt.series": ("Emissions to minimise", "最小化的排放"),
    "opt.series.total": ("Total CO₂", "二氧化碳总排放"),
    "opt.series.steel": ("Steel", "钢铁"),
    "opt.series.building_materials": ("Building materials", "建材"),
    "opt.series.nonferrous": ("Non-ferrous metals", "有色金属"),
    "opt.series.petrochemical": ("Petrochemicals", "石化"),
    "opt.series.industries": ("The four industries together", "四个行业合计"),
    "opt.objective": ("Objective", "目标"),
    "opt.objective.cumulative": ("Cumulative to {year}", "累计至 {year} 年"),
    "opt.objective.horizon": ("In {year}", "{year} 年当年"),
    "opt.eligible": ("Eligible provinces", "可获补贴的省份"),
    "opt.eligible.all": ("All", "全部"),
    "opt.eligible.lowest": ("Lowest import stock", "技术引进存量最低"),
    "opt.eligible.list": ("A list", "指定名单"),
    "opt.lowest": ("How many with the lowest stock", "存量最低的省份数"),
    "opt.provinces": ("Provinces in the list", "名单中的省份"),
    "opt.cap": ("Cap per province", "单省上限"),
    "opt.cap.none": ("None", "无"),
    "opt.cap.share": ("Share of the budget", "预算比例"),
    "opt.cap.multiple": ("Multiple of own imports", "本省引进支出倍数"),
    "opt.cap_value": ("Cap", "上限"),
    "opt.cap_value.help": (
        "A share of the budget (0.3 = at most 30 % to one province), or a multiple of the province's own "
        "technology-import spending in the last observed year (2 = the subsidy's import part at most twice it): "
        "keeps the allocation nearer the data the model was estimated on.",
        "预算比例（0.3 即单省最多 30%），或该省最后观测年份自身技术引进支出的倍数（2 即补贴中用于引进的部分"
        "不超过其两倍）：使分配更接近模型估计所用的数据范围。",
    ),
    "opt.run": ("Find the optimum", "求最优分配"),
    "opt.avoided": ("Avoided, optimum ({series})", "最优分配减排（{series}）"),
    "opt.cost_per_t": ("Cost per tonne, optimum", "最优分配每吨成本"),
    "opt.rule.optimum": ("Optimum", "最优分配"),
    "opt.rule.paper_rule": ("Paper's rule", "论文规则"),
    "opt.rule.equal_split": ("Equal split", "平均分配"),
    "opt.kkt": (
        "Optimality check (KKT): funded provinces share one marginal value, {multiplier} t CO₂ per CNY 10,000; "
        "the largest departure is {violation}.",
        "最优性检验（KKT）：获补贴省份的边际值相同，为每万元 {multiplier} 吨二氧化碳；最大偏离为 {violation}。",
    ),
    "opt.allocation_heading": ("The optimal allocation", "最优分配"),
    "opt.amount": ("Subsidy", "补贴"),
    "opt.marginal_heading": ("Marginal value without a subsidy", "无补贴时的边际值"),
    "opt.marginal": ("National change per CNY 10,000 more", "每多投入一万元的全国排放变化"),
    "opt.siphon": (
        "In {count} provinces extra imports raise national emissions: their neighbours' rise (the siphon) "
        "outweighs their own cut. Own effect, spillover and marginal value in t CO₂ per CNY 10,000; "
        "“Onto” names the neighbours whose emissions rise most.",
        "在 {count} 个省份，新增技术引进会提高全国排放：邻省排放的增加（虹吸）超过了本省的减少。本地效应、溢出与"
        "边际值单位为吨二氧化碳/万元；“溢出至”列出排放增加最多的邻省。",
    ),
    "opt.siphon.own": ("Own effect", "本地效应"),
    "opt.siphon.spillover": ("Spillover", "溢出"),
    "opt.siphon.marginal": ("Marginal value", "边际值"),
    "opt.siphon.onto": ("Onto (t CO₂ per CNY 10,000)", "溢出至（吨二氧化碳/万元）"),
    "opt.comparison_heading": ("Optimum, paper's rule and equal split", "最优分配、论文规则与平均分配"),
    "opt.robustness_progress": ("Evaluating the coefficient draws…", "正在计算系数抽样…"),
    "opt.avoided_axis": (
        "Avoided (Mt CO₂), point and 5–95 % band over coefficient draws",
        "减排量（百万吨二氧化碳），点估计及系数抽样 5–95% 区间",
    ),
    "opt.column.avoided_mt": ("Avoided (Mt CO₂)", "减排量（百万吨）"),
    "opt.column.cost_per_tonne": ("Cost (CNY/t)", "成本（元/吨）"),
    "opt.column.provinces_funded": ("Provinces funded", "获补贴省份数"),
    "opt.column.avoided_mt_p05": ("5 % band (Mt)", "5% 分位（百万吨）"),
    "opt.column.avoided_mt_p95": ("95 % band (Mt)", "95% 分位（百万吨）"),
    "opt.robustness": (
        "Robust or lucky? Over {draws} coefficient draws the optimum avoids more than the paper's rule in {share} "
        "of them (the allocations are fixed; the coefficients vary).",
        "稳健还是侥幸？在 {draws} 次系数抽样中，最优分配在 {share} 的抽样中减排多于论文规则（分配固定，系数变化）。",
    ),
    "opt.download": ("Download the allocation (CSV)", "下载分配结果（CSV）"),
    "opt.apply": ("Apply this allocation to the current scenario", "将此分配应用于当前情景"),
    "opt.apply.help": (
        "The subsidy lever then pays each province its own amount; the share link carries them.",
        "补贴参数随即按省份支付各自的金额；分享链接会携带这些金额。",
    ),
    "opt.applied": (
        "The subsidy now pays {count} provinces their optimal amounts.",
        "补贴现按最优金额支付 {count} 个省份。",
    ),
    "explorer.allocation_note": (
        "Per-province amounts (from the Optimise page): {provinces}. Moving the amount or the number of "
        "provinces returns to an equal split.",
        "按省份分配的金额（来自补贴优化页面）：{provinces}。调整总额或省份数将恢复为平均分配。",
    ),
    # --- share & export ---
    "share.link_heading": ("Link to this exact state", "当前状态的链接"),
    "share.link_help": (
        "Anyone who opens this link sees the same levers, page and views. Copy it with the button at the right.",
        "任何人打开此链接都会看到相同的参数、页面与视图。可点击右侧按钮复制。",
    ),
    "share.export_heading": ("Export", "导出"),
    "share.synthetic_note": (
        "Made from the synthetic demo panel: the file name, every CSV row and the JSON say so.",
        "基于合成演示面板生成：文件名、每一行 CSV 以及 JSON 中均有标注。",
    ),
    # --- real anchors (issue 12) ---
    "banner.real": (
        "**Real provinces**: CEADs CO₂ to 2019 (Shan et al. 2018, 2020) and S&T Yearbook spending 2018–2023; "
        "the paper's coefficients (Li et al. 2023).",
        "**真实省份数据**：CEADs 二氧化碳至 2019 年（Shan 等 2018、2020），《中国科技统计年鉴》经费 2018–2023；"
        "系数取自论文（Li 等 2023）。",
    ),
    "notice.published_only": (
        "The real anchors take the paper's published coefficients only ({coefficients} needs a loaded panel): "
        "published ones are used.",
        "真实锚点仅使用论文公布的系数（{coefficients} 需要载入面板）：已改用公布系数。",
    ),
    "sidebar.projections": ("Scenario pages project from", "情景页面的预测数据"),
    "data_set.label": ("Data for projections", "预测所用数据"),
    "data_set.help": (
        "Real anchors: CEADs 2019 emissions and the yearbook's 2018-2023 spending with the paper's "
        "coefficients. Synthetic demo: the generated panel. Your panel: the one loaded on the Data page "
        "(it cannot travel in a share link).",
        "真实锚点：CEADs 2019 年排放与年鉴 2018–2023 年经费，配合论文系数。合成演示：生成的面板。"
        "您的面板：在“数据”页面载入的面板（无法通过分享链接传递）。",
    ),
    "data_set.real": ("Real anchors", "真实锚点"),
    "data_set.demo": ("Synthetic demo", "合成演示"),
    "data_set.panel": ("Your panel", "您的面板"),
    "lever.disabled": (
        "Not available: the real data have no provincial level of this variable for {year} (NBS tables "
        "carry GDP and value added only), and a growth rate needs one.",
        "不可用：真实数据中没有该变量 {year} 年的省级水平（国家统计局表格只含 GDP 与增加值），而增长率需要水平值。",
    ),
    "explorer.spending_title": (
        "Technology-import spending, {province}, 2018-2023 (observed)",
        "技术引进经费支出，{province}，2018–2023 年（观测值）",
    ),
    "explorer.spending_filled": (
        "Not reported: {years}. The stock fills these years by the stated rule (docs/real-data.md).",
        "未报告：{years}。存量按既定规则填补这些年份（见 docs/real-data.md）。",
    ),
    "unit.cny10k": ("CNY 10,000", "万元"),
    "flag.interpolated": ("interpolated", "插值"),
    "flag.carried_back": ("carried back", "向前延用"),
    "flag.carried_forward": ("carried forward", "向后延用"),
    "flag.read_as_nil": ("read as nil", "按零处理"),
    "share.data_note": ("Data: `{label}`", "数据（导出文件的标签）：`{label}`"),
    "share.panel_note": (
        "Your loaded panel cannot travel in a link (it is not on the server of whoever opens it): the link "
        "opens on the real anchors.",
        "您载入的面板无法通过链接传递（打开链接的人的服务器上没有它）：链接将以真实锚点打开。",
    ),
    "data.anchors_heading": ("Real anchors: CEADs, S&T yearbook, NBS", "真实锚点：CEADs、科技统计年鉴、国家统计局"),
    "data.anchors_intro": (
        "What the scenario pages project from by default: published figures, built from the raw files by "
        "scripts/build_real_anchors.py. Empty cells are not reported (never read as zero).",
        "情景页面默认使用的数据：由 scripts/build_real_anchors.py 从原始文件构建的公开数据。"
        "空白单元格表示未报告（从不按零处理）。",
    ),
    "data.anchors_table": ("Anchor table (province x year)", "锚点数据表（省份 × 年份）"),
    "data.anchors_coverage": ("Coverage: which cells are missing", "覆盖情况：缺失的单元格"),
    "data.anchors_flags": (
        "Cells not taken as published, and how they are handled",
        "未按公布值使用的单元格及其处理方式",
    ),
    "data.anchors_sources": ("Sources and citations", "来源与引用"),
    "data.anchors_maps": ("Real data map", "真实数据地图"),
    "data.anchors_map_co2": ("CO₂ emissions 2019 (CEADs)", "2019 年二氧化碳排放（CEADs）"),
    "data.anchors_map_spending": (
        "Technology-import spending {year} (S&T yearbook)",
        "{year} 年技术引进经费支出（科技统计年鉴）",
    ),
    "data.anchors_download": ("Download the anchor table (CSV)", "下载锚点数据表（CSV）"),
    "share.link_page": ("The link opens on", "链接打开的页面"),
    "share.settings_preview": ("Settings in the export", "导出文件中的参数设置"),
    "share.parameter": ("Parameter", "参数"),
    "share.value": ("Value", "取值"),
    "share.unit": ("Unit", "单位"),
    "share.settings_preview_caption": (
        "As settings.csv writes them: parameter names as in the link's documentation (docs/scenarios.md).",
        "与 settings.csv 中一致：参数名称与链接文档（docs/scenarios.md）相同。",
    ),
    "share.export_zip": ("Download scenario ZIP", "下载情景 ZIP"),
    "share.briefing_heading": ("Briefing for stakeholders", "给决策者的简报"),
    "share.briefing_help": (
        "One or two pages for an official: the settings in words, the key numbers with units, the national "
        "path with its band, maps of own effect and spillover, who gains and who loses, the data label and "
        "citations, and this link with a QR code. Written in the page's language; made when you click.",
        "一至两页，供决策者阅读：文字说明的参数设置、带单位的关键数字、含区间的全国路径、本省效应与溢出地图、"
        "受益与受损省份、数据标签与引用，以及本链接和二维码。简报使用当前页面语言，点击时生成。",
    ),
    # --- the briefing (scenarios.app.briefing), in the session's language ---
    "brief.title": ("Scenario briefing: {name}", "情景简报：{name}"),
    "brief.synthetic": (SYNTHETIC_NOTICE, "合成数据：由生成的演示面板（data/demo_panel.csv）计算，并非真实统计数据。"),
    "brief.data": ("Data: {label}", "数据（导出文件的标签）：{label}"),
    "brief.settings": ("Settings", "参数设置"),
    "brief.pair": ("{name}: {value}", "{name}：{value}"),
    "brief.key_numbers": ("Key numbers", "关键数字"),
    "brief.percent": ("{value} % a year", "每年 {value}%"),
    "brief.horizon": (
        "Horizon {horizon}; coefficients: {coefficients}.",
        "预测至 {horizon} 年；系数：{coefficients}。",
    ),
    "brief.no_policy": (
        "No technology-import policy: spending follows the baseline assumption.",
        "无技术引进政策：支出按基准假设增长。",
    ),
    "brief.first_year": ("the first projected year", "首个预测年份"),
    "brief.national_growth": (
        "Real technology-import spending grows {growth} nationally from {first}.",
        "全国实际技术引进支出自 {first} 起按{growth}增长。",
    ),
    "brief.region_growth": ("{region} region: {growth}.", "{region}地区：{growth}。"),
    "brief.province_growth": ("{province}: {growth}.", "{province}：{growth}。"),
    "brief.allocation": ("{targets} (CNY billion)", "{targets}（十亿元）"),
    "brief.lowest": ("the {count} lowest-stock provinces", "技术存量最低的 {count} 个省份"),
    "brief.subsidy": (
        "Subsidy: CNY {amount} billion a year to {targets}, {share} % spent on technology import, paid {start} "
        "to {end}",
        "补贴：每年 {amount} 十亿元，发放给{targets}，其中 {share}% 用于技术引进，发放期为 {start} 至 {end}",
    ),
    "brief.from_first_year": ("from the first projected year", "首个预测年份"),
    "brief.the_horizon": ("the horizon", "预测期末"),
    "brief.raises_fin": ("; it also raises local budget expenditure.", "；同时增加地方财政支出。"),
    "brief.full_stop": (".", "。"),
    "brief.assumptions": (
        "Assumptions: baseline import growth {imports}; GDP per capita {gdp}; energy intensity {ei}; time "
        "effect '{time_effect}'.",
        "假设：基准技术引进增速{imports}；人均 GDP {gdp}；能源强度{ei}；时间效应“{time_effect}”。",
    ),
    "brief.total_scenario": ("Total CO2 in {year}, scenario", "{year} 年 CO₂ 总排放（情景）"),
    "brief.total_baseline": ("Total CO2 in {year}, baseline", "{year} 年 CO₂ 总排放（基准）"),
    "brief.change": (
        "Change against the baseline, {start}-{end} summed",
        "相对基准的变化（{start}–{end} 年累计）",
    ),
    "brief.industries": ("Change of the four key industries together, summed", "四个重点行业合计变化（累计）"),
    "brief.peak": ("National peak (scenario)", "全国排放峰值年份（情景）"),
    "brief.subsidy_cost": ("Subsidy cost", "补贴成本"),
    "brief.cny_billion": ("CNY {amount} billion", "{amount} 十亿元"),
    "brief.cost_per_tonne": ("Cost per tonne avoided", "每吨减排成本"),
    "brief.cny_per_tonne": ("CNY {cost} per t", "{cost} 元/吨"),
    "brief.mt": ("Mt", "百万吨"),
    "brief.mt_co2": ("Mt CO2", "百万吨 CO₂"),
    "brief.band": ("scenario, 5-95 % band", "情景，5–95% 区间"),
    "brief.baseline": ("baseline", "基准"),
    "brief.scenario": ("scenario", "情景"),
    "brief.mt_a_year": ("Mt CO2 a year", "百万吨 CO₂/年"),
    "brief.national": ("National total CO2", "全国 CO₂ 总排放"),
    "brief.synthetic_panel": (" (SYNTHETIC demo panel)", "（合成演示面板）"),
    "brief.synthetic_short": (" (synthetic)", "（合成数据）"),
    "brief.own": ("Own effect", "本省效应"),
    "brief.spillover": ("Spillover received", "接收的溢出"),
    "brief.net": ("Net", "净变化"),
    "brief.province": ("Province", "省份"),
    "brief.colourbar": ("Mt CO2, summed over the projection (blue = less)", "百万吨 CO₂，预测期累计（蓝色 = 减少）"),
    "brief.maps_heading": ("Own effect and spillover by province", "各省本省效应与溢出"),
    "brief.gainers": ("Largest reductions", "减排最多"),
    "brief.losers": ("Largest increases or smallest reductions", "增排最多或减排最少"),
    "brief.table_unit": ("Mt CO2, summed over the projection", "百万吨 CO₂，预测期累计"),
    "brief.columns": ("own / spillover / net", "本省 / 溢出 / 净变化"),
    "brief.cautions": ("Cautions", "注意事项"),
    "brief.none": ("none", "无"),
    "brief.reopen": ("Reopen this scenario", "重新打开此情景"),
    "brief.reopen_exact": ("Reopen this exact scenario:", "重新打开完全相同的情景："),
    "brief.sources": ("Sources", "资料来源"),
    "brief.font_missing": (
        "The Chinese PDF needs a font with Chinese characters on the server (Debian: fonts-noto-cjk); the "
        "HTML briefing shows Chinese without it.",
        "中文 PDF 需要服务器安装含中文字形的字体（Debian：fonts-noto-cjk）；HTML 简报无需该字体即可显示中文。",
    ),
    "share.briefing_pdf": ("Download briefing (PDF)", "下载简报（PDF）"),
    "share.briefing_html": ("Download briefing (HTML)", "下载简报（HTML）"),
    "share.export_contents": (
        "scenario.json (the scenario), settings.csv (each lever and its value), results.csv (projected emissions).",
        "scenario.json（情景）、settings.csv（各参数及取值）、results.csv（排放预测结果）。",
    ),
}


def fields(text: str) -> set[str]:
    """The ``str.format`` field names used in a catalogue string."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def translate(key: str, language: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The catalogue string for ``key`` in ``language`` ("en" or "zh"), with ``values`` filled in."""
    english, chinese = CATALOGUE[key]
    text = chinese if language == "zh" else english
    return text.format(**values) if values else text
