//! Key terms of a long text (an enterprise demand, a patent abstract): jieba's TF-IDF over
//! content words, with the boilerplate of demand texts treated as stop words.

use std::sync::LazyLock;

use jieba_rs::{Jieba, KeywordExtract, KeywordExtractConfig, TfIdf};
use serde::Serialize;

/// A key term and its TF-IDF weight.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeyTerm {
    pub term: String,
    pub weight: f64,
}

/// Words every demand or patent text uses and that say nothing about the technology.
const BOILERPLATE: &[&str] = &[
    "公司",
    "企业",
    "本公司",
    "我公司",
    "需求",
    "技术",
    "项目",
    "产品",
    "研发",
    "开发",
    "研究",
    "问题",
    "解决",
    "目前",
    "现有",
    "需要",
    "希望",
    "要求",
    "目标",
    "预期",
    "内容",
    "基础",
    "工作",
    "方面",
    "情况",
    "进行",
    "实现",
    "提高",
    "提升",
    "能力",
    "方法",
    "装置",
    "系统",
    "发明",
    "实用新型",
    "本发明",
    "所述",
    "一种",
    "包括",
    "设置",
    "具有",
    "采用",
    "通过",
    "以及",
    "其中",
    "万元",
    "年度",
    "合作",
    "市场",
    "客户",
    "生产",
    "行业",
    "国内",
    "国外",
    "领域",
    "成本",
    "效率",
    "质量",
    "水平",
    "人员",
    "团队",
    "单位",
    "条件",
    "方式",
    "利用",
    "经验",
    "积累",
    "发展",
    "社会",
    "普及率",
    "经营",
    "销售",
    "收入",
    "利润",
    "厂房",
    "设备",
    "公司自",
    "满足",
    "结合",
    "存在",
    "用于",
    "使用",
    "获得",
    "达到",
    "成立",
    "评为",
    "具备",
    "形成",
    "拥有",
    "完成",
    "开展",
    "推动",
    "引进",
    "建立",
    "申请",
    "授权",
    "运营",
    "执行",
    "组织",
    "管理",
    "保证",
    "确保",
    "不断",
];

/// Parts of speech that carry technology: nouns, verbal nouns, proper and foreign words, and
/// verbs (防爆, 焊接 and 检测 are verbs to jieba; common verbs are stop words above).
const CONTENT_TAGS: &[&str] = &["n", "nz", "vn", "v", "eng", "nt", "ng", "l", "j", "an", "nr", "ns", "x"];

/// Up to this many characters a text counts as short.
const SHORT_TEXT_CHARS: usize = 64;

static EXTRACTOR: LazyLock<TfIdf> = LazyLock::new(|| {
    let mut config = KeywordExtractConfig::builder();
    for word in BOILERPLATE {
        config = config.add_stop_word(word.to_string());
    }
    let mut extractor = TfIdf::default();
    *extractor.config_mut() = config.build();
    extractor
});

/// The `limit` best key terms of `text`, highest weight first, lower-cased as the index is.
pub fn key_terms(jieba: &Jieba, text: &str, limit: usize) -> Vec<KeyTerm> {
    // A short text is already a list of terms (a title, keyphrases): keep every word. A long one
    // (a demand's description) keeps its content words only.
    let tags: Vec<String> = if text.chars().count() <= SHORT_TEXT_CHARS {
        Vec::new()
    } else {
        CONTENT_TAGS.iter().map(|tag| tag.to_string()).collect()
    };
    EXTRACTOR
        .extract_keywords(jieba, text, limit, tags)
        .into_iter()
        .filter(|keyword| !keyword.keyword.chars().all(|character| character.is_ascii_digit()))
        .map(|keyword| KeyTerm { term: keyword.keyword.to_lowercase(), weight: keyword.weight })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_real_demand_yields_its_technology_not_its_boilerplate() {
        let jieba = Jieba::new();
        let text = "防爆锂离子电池的研发。随着社会的不断发展，锂电池的普及率越来越高，目前，国内锂离子电池产品存在\
                    安全隐患问题，为了满足客户及市场要求，结合本公司对锂电池防爆问题的研发经验积累，特研发此项目。";
        let terms: Vec<String> = key_terms(&jieba, text, 6).into_iter().map(|term| term.term).collect();
        assert!(terms.contains(&"锂电池".to_string()), "{terms:?}");
        assert!(terms.contains(&"防爆".to_string()), "{terms:?}");
        for boilerplate in ["公司", "研发", "项目", "市场"] {
            assert!(!terms.contains(&boilerplate.to_string()), "{boilerplate} in {terms:?}");
        }
    }
}
