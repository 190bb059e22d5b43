"""The interface's strings: key → (English, Chinese), with the names of statuses, reliability codes and
relation kinds; the templates reach them through `govlex.api.templating.helpers`."""

from govlex.api.page_strings import PAGE_STRINGS

# Interface strings: key → (English, Chinese).
STRINGS: dict[str, tuple[str, str]] = {
    "home": ("Home", "首页"),
    "index": ("Index", "索引"),
    "graph": ("Graph", "概念网络"),
    "overlap": ("Overlap", "交叠"),
    "sparql": ("SPARQL", "SPARQL 查询"),
    "search": ("Search", "搜索"),
    "search_placeholder": ("term in English, 中文 or pinyin", "英文、中文或拼音"),
    "tagline": (
        "AI governance terms of the China–U.S. Track II Dialogue on AI and International Security: "
        "both sides' readings side by side, in English and Chinese, each traced to its source.",
        "中美人工智能与国际安全二轨对话中的人工智能治理术语：双方解读并列呈现，中英双语，逐条注明出处。",
    ),
    "about": (
        "Each concept carries every reading a side of the dialogue has given it, with the criteria that "
        "reading requires and the documents it comes from. The graph shows how the concepts relate; the "
        "overlap views show how far the readings agree.",
        "每个概念列出对话各方对它的全部解读、解读所要求的判定要素及其出处文件。概念网络展示概念间的关系；交叠视图展示各方解读的一致程度。",
    ),
    "concepts": ("concepts", "个概念"),
    "interpretations": ("interpretations", "条解读"),
    "sources": ("source documents", "份来源文件"),
    "rounds": ("dialogue rounds", "轮对话"),
    "criteria": ("criteria", "项判定要素"),
    "systems": ("reference systems", "个参照系统"),
    "us": ("United States", "美方"),
    "cn": ("China", "中方"),
    "joint": ("Joint", "共同解读"),
    "no_reading": ("No reading recorded yet.", "暂无解读记录。"),
    "criteria_h": ("Criteria", "判定要素"),
    "covers_h": ("Reference systems covered", "所涵盖的参照系统"),
    "sources_h": ("Sources", "出处"),
    "status": ("status", "状态"),
    "stated_by": ("stated by", "表述方"),
    "unverified": ("unverified", "未核实"),
    "divergence": ("Divergence", "分歧"),
    "relations": ("Related concepts", "相关概念"),
    "mappings": ("Mappings to other vocabularies", "与其他词表的映射"),
    "alt_labels": ("Also called", "又称"),
    "definition": ("Definition", "定义"),
    "scope_notes": ("Notes", "注释"),
    "reliability": ("reliability", "可靠性"),
    "evidence_h": ("Evidence", "核实依据"),
    "checked_on": ("checked", "核实于"),
    "editorial_h": ("Editorial notes", "编者按"),
    "editorial_by": (
        "Written by govlex's editors, not by either side or any issuer.",
        "由 govlex 编者撰写，不代表任何一方或发布机构。",
    ),
    "neighbourhood": ("Neighbourhood", "关联概念"),
    "interp_view": ("Interpretations as a diagram", "解读对照图"),
    "open_full": ("open full page", "在新页面打开"),
    "by_english": ("By English label", "按英文排序"),
    "by_pinyin": ("By pinyin", "按拼音排序"),
    "results_for": ("Results for", "搜索结果："),
    "no_results": ("Nothing found.", "未找到结果。"),
    "run": ("Run query", "运行查询"),
    "examples": ("Named queries", "示例查询"),
    "rows": ("rows", "行"),
    "error_4xx": ("The request could not be answered", "无法响应该请求"),
    "error_404": ("Not found", "未找到"),
    "error_5xx": ("Server error", "服务器错误"),
    "glossaries": ("Glossaries", "术语表"),
    "rounds_h": ("Discussed at", "讨论于"),
    "network_intro": (
        "Every concept, coloured by which sides interpret it, with its relations. Hover a node for both "
        "sides' statements; drag to rearrange; switch labels between English and Chinese.",
        "全部概念，按解读方着色，并显示概念间关系。将鼠标悬停在节点上可查看双方表述；可拖动节点；可切换中英文标签。",
    ),
    "overlap_intro": (
        "How far readings agree, measured on shared criteria (intension), shared covered reference "
        "systems (extension) and similar wording (text).",
        "各方解读的一致程度，从共同判定要素（内涵）、共同涵盖的参照系统（外延）和表述相似度（文本）三方面衡量。",
    ),
    "language": ("中文", "English"),
}
STRINGS.update(PAGE_STRINGS)
STATUS_NAMES = {
    "recorded": ("recorded", "已收录"),
    "proposed": ("proposed", "已提出"),
    "discussed": ("discussed", "已讨论"),
    "jointly-interpreted": ("jointly interpreted", "已共同解读"),
    "divergent": ("divergent", "存在分歧"),
}
RELIABILITY_NAMES = {
    "official": ("official", "官方"),
    "reputable-secondary": ("reputable secondary", "可靠二手来源"),
    "mirror": ("mirror only", "仅见于镜像"),
    "unverified": ("unverified", "未核实"),
}
RELATION_NAMES = {
    "broader": ("broader", "上位概念"),
    "narrower": ("narrower", "下位概念"),
    "related": ("related", "相关"),
    "overlaps-with": ("overlaps with", "交叠"),
    "contrasts-with": ("contrasts with", "对照"),
    "part-of": ("part of", "属于"),
    "has-part": ("has part", "包含"),
    "precedes": ("precedes", "先于"),
    "follows": ("follows", "后于"),
}
