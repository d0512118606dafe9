//! The fixed words of the reports, in the languages the built-in questionnaires are written in.
//! Languages without their own words get English.

use crate::catalog::Pillar;
use crate::questionnaire::Owner;
use crate::text::LanguageTag;

/// The words of one language.
#[derive(Debug)]
pub(crate) struct Labels {
    pub(crate) lang: &'static str,
    pub(crate) kicker: &'static str,
    pub(crate) questionnaire: &'static str,
    pub(crate) profile: &'static str,
    pub(crate) assessed: &'static str,
    pub(crate) summary: &'static str,
    pub(crate) summary_table: &'static str,
    pub(crate) part: &'static str,
    pub(crate) overall: &'static str,
    pub(crate) score: &'static str,
    pub(crate) band: &'static str,
    pub(crate) coverage: &'static str,
    pub(crate) evidence: &'static str,
    pub(crate) applicable: &'static str,
    pub(crate) unknown: &'static str,
    pub(crate) unanswered: &'static str,
    pub(crate) scores_heading: &'static str,
    pub(crate) section: &'static str,
    pub(crate) pillar: &'static str,
    pub(crate) note: &'static str,
    pub(crate) weakest: &'static str,
    pub(crate) principles_heading: &'static str,
    pub(crate) principle: &'static str,
    pub(crate) title: &'static str,
    pub(crate) not_served: &'static str,
    pub(crate) gaps_heading: &'static str,
    pub(crate) top_gaps: &'static str,
    pub(crate) gain: &'static str,
    pub(crate) question: &'static str,
    pub(crate) status: &'static str,
    pub(crate) critical: &'static str,
    pub(crate) action: &'static str,
    pub(crate) actions: &'static str,
    pub(crate) one_action: &'static str,
    pub(crate) owner: &'static str,
    pub(crate) unassigned: &'static str,
    pub(crate) plan_heading: &'static str,
    pub(crate) plan_intro: &'static str,
    pub(crate) priority_order: &'static str,
    pub(crate) by_owner: &'static str,
    pub(crate) by_principle: &'static str,
    pub(crate) total_gain: &'static str,
    pub(crate) reading_heading: &'static str,
    pub(crate) bands_intro: &'static str,
    pub(crate) from: &'static str,
    pub(crate) reading_notes: [&'static str; 4],
    pub(crate) no_gaps: &'static str,
    pub(crate) contents: &'static str,
    pub(crate) data_table: &'static str,
    pub(crate) chart_scores_title: &'static str,
    pub(crate) chart_scores_desc: &'static str,
    pub(crate) chart_principles_title: &'static str,
    pub(crate) chart_principles_desc: &'static str,
    pub(crate) chart_gaps_title: &'static str,
    pub(crate) chart_gaps_desc: &'static str,
    pub(crate) generated: &'static str,
    pub(crate) points: &'static str,
    pub(crate) items: &'static str,
    pub(crate) capped: &'static str,
    pub(crate) at_bottom: &'static str,
    pub(crate) colon: &'static str,
    pub(crate) actions_heading: &'static str,
    pub(crate) full_plan_hint: &'static str,
    pub(crate) status_answered: &'static str,
    pub(crate) status_unknown: &'static str,
    pub(crate) status_unanswered: &'static str,
}

pub(crate) const EN: Labels = Labels {
    lang: "en",
    kicker: "Human rights due diligence · scorecard",
    questionnaire: "Questionnaire",
    profile: "Scoring profile",
    assessed: "Assessed",
    summary: "Summary",
    summary_table: "Overall and by pillar",
    part: "Part",
    overall: "Overall",
    score: "Score",
    band: "Band",
    coverage: "Coverage",
    evidence: "Evidence",
    applicable: "Applicable",
    unknown: "Unknown",
    unanswered: "Unanswered",
    scores_heading: "Scores by pillar and section",
    section: "Section",
    pillar: "Pillar",
    note: "Note",
    weakest: "Weakest sections",
    principles_heading: "Coverage of the Guiding Principles",
    principle: "Principle",
    title: "Title",
    not_served: "Not served by this questionnaire",
    gaps_heading: "Gaps: what closing each one is worth",
    top_gaps: "Top gaps (points each would add to the overall score)",
    gain: "Gain",
    question: "Question",
    status: "Status",
    critical: "critical",
    action: "Action",
    actions: "actions",
    one_action: "action",
    owner: "Owner",
    unassigned: "Unassigned",
    plan_heading: "Action plan",
    plan_intro: "Every gap turned into an action, critical questions first, then by the points closing it would add to the overall score. Each action names the Guiding Principles it serves and the function that owns it.",
    priority_order: "In order of priority",
    by_owner: "By owner function",
    by_principle: "By Guiding Principle",
    total_gain: "Total gain",
    reading_heading: "How to read this report",
    bands_intro: "Maturity bands of the scoring profile",
    from: "from",
    reading_notes: [
        "Scores run from 0 to 100. Coverage is the share of applicable questions answered; evidence is the share whose answer cites evidence. They are kept apart from the score: a high score with low evidence is a claim, not a finding.",
        "Unknown and unanswered questions count as not demonstrated: they score 0. Questions answered \"not applicable\" and questions hidden by an earlier answer are left out of every number.",
        "A critical question answered at the bottom caps its section's band, whatever the section's score.",
        "The gain of a gap is how many points the overall score would rise if that one answer became the best, all else equal. Gains add up where every level is a weighted mean (the default profile), but not in a repeated section that keeps only its weakest or strongest item.",
    ],
    no_gaps: "No gaps: every applicable question has its best answer.",
    contents: "Contents",
    data_table: "Data table",
    chart_scores_title: "Scores by pillar and section",
    chart_scores_desc: "Horizontal bars, one per pillar and per section, on a scale from 0 to 100, with dashed lines where each maturity band starts. The score and band are written at the end of each row; the table below gives the same numbers.",
    chart_principles_title: "Scores by Guiding Principle",
    chart_principles_desc: "One cell per Guiding Principle, 1 to 31, grouped by pillar. Each served principle carries its score, shaded darker for higher scores; hatched cells with a dash are principles this questionnaire does not serve. The table below gives the same numbers.",
    chart_gaps_title: "The largest gaps",
    chart_gaps_desc: "Horizontal bars, one per gap, as long as the points closing it would add to the overall score; critical questions are hatched and marked. The table below gives the same numbers.",
    generated: "Generated by hrdd",
    points: "points",
    items: "items",
    capped: "capped at",
    at_bottom: "at the bottom",
    colon: ": ",
    actions_heading: "Actions",
    full_plan_hint: "The full action plan is in the Markdown and HTML reports (`--format markdown` or `--format html`).",
    status_answered: "answered",
    status_unknown: "unknown",
    status_unanswered: "unanswered",
};

pub(crate) const FR: Labels = Labels {
    lang: "fr",
    kicker: "Diligence raisonnable en matière de droits humains · tableau de bord",
    questionnaire: "Questionnaire",
    profile: "Profil de notation",
    assessed: "Évalué le",
    summary: "Synthèse",
    summary_table: "Ensemble et par pilier",
    part: "Partie",
    overall: "Ensemble",
    score: "Note",
    band: "Niveau",
    coverage: "Couverture",
    evidence: "Preuves",
    applicable: "Applicables",
    unknown: "Inconnues",
    unanswered: "Sans réponse",
    scores_heading: "Notes par pilier et par section",
    section: "Section",
    pillar: "Pilier",
    note: "Remarque",
    weakest: "Sections les plus faibles",
    principles_heading: "Couverture des Principes directeurs",
    principle: "Principe",
    title: "Titre",
    not_served: "Non couverts par ce questionnaire",
    gaps_heading: "Écarts : ce que vaut la résorption de chacun",
    top_gaps: "Principaux écarts (points que chacun ajouterait à la note d'ensemble)",
    gain: "Gain",
    question: "Question",
    status: "État",
    critical: "critique",
    action: "Action",
    actions: "actions",
    one_action: "action",
    owner: "Responsable",
    unassigned: "Non attribué",
    plan_heading: "Plan d'action",
    plan_intro: "Chaque écart devient une action, les questions critiques d'abord, puis selon les points que sa résorption ajouterait à la note d'ensemble. Chaque action indique les Principes directeurs qu'elle sert et la fonction qui en est responsable.",
    priority_order: "Par ordre de priorité",
    by_owner: "Par fonction responsable",
    by_principle: "Par Principe directeur",
    total_gain: "Gain total",
    reading_heading: "Comment lire ce rapport",
    bands_intro: "Niveaux de maturité du profil de notation",
    from: "à partir de",
    reading_notes: [
        "Les notes vont de 0 à 100. La couverture est la part des questions applicables qui ont une réponse ; les preuves sont la part des réponses qui citent une preuve. Elles sont tenues à part de la note : une note élevée avec peu de preuves est une affirmation, non un constat.",
        "Les questions inconnues ou sans réponse comptent comme non démontrées : elles valent 0. Les questions « sans objet » et celles masquées par une réponse antérieure sont exclues de tous les chiffres.",
        "Une question critique au plus bas plafonne le niveau de sa section, quelle que soit la note de la section.",
        "Le gain d'un écart est le nombre de points que gagnerait la note d'ensemble si cette seule réponse devenait la meilleure, toutes choses égales par ailleurs. Les gains s'additionnent là où chaque niveau est une moyenne pondérée (le profil par défaut), mais pas dans une section répétée qui ne retient que son élément le plus faible ou le plus fort.",
    ],
    no_gaps: "Aucun écart : chaque question applicable a sa meilleure réponse.",
    contents: "Sommaire",
    data_table: "Tableau des données",
    chart_scores_title: "Notes par pilier et par section",
    chart_scores_desc: "Barres horizontales, une par pilier et par section, sur une échelle de 0 à 100, avec des lignes pointillées au début de chaque niveau de maturité. La note et le niveau figurent au bout de chaque ligne ; le tableau ci-dessous donne les mêmes chiffres.",
    chart_principles_title: "Notes par Principe directeur",
    chart_principles_desc: "Une case par Principe directeur, de 1 à 31, groupées par pilier. Chaque principe couvert porte sa note, plus foncée quand la note est plus haute ; les cases hachurées avec un tiret sont des principes que ce questionnaire ne couvre pas. Le tableau ci-dessous donne les mêmes chiffres.",
    chart_gaps_title: "Les écarts les plus importants",
    chart_gaps_desc: "Barres horizontales, une par écart, aussi longues que les points que sa résorption ajouterait à la note d'ensemble ; les questions critiques sont hachurées et signalées. Le tableau ci-dessous donne les mêmes chiffres.",
    generated: "Produit par hrdd",
    points: "points",
    items: "éléments",
    capped: "plafonné à",
    at_bottom: "au plus bas",
    colon: " : ",
    actions_heading: "Actions",
    full_plan_hint: "Le plan d'action complet figure dans les rapports Markdown et HTML (`--format markdown` ou `--format html`).",
    status_answered: "répondue",
    status_unknown: "inconnue",
    status_unanswered: "sans réponse",
};

/// The words for `language`: French for `fr` and its regional tags, English otherwise.
pub(crate) fn labels(language: &LanguageTag) -> &'static Labels {
    let primary = language.as_str().split('-').next().unwrap_or("en");
    if primary == "fr" { &FR } else { &EN }
}

impl Labels {
    /// The sentence saying how many questions count as not demonstrated.
    pub(crate) fn not_demonstrated(
        &self,
        unknown: u32,
        unanswered: u32,
        applicable: u32,
    ) -> String {
        if self.lang == "fr" {
            format!(
                "{unknown} inconnue(s) et {unanswered} sans réponse sur {applicable} questions \
                 applicables comptent comme non démontrées."
            )
        } else {
            format!(
                "{unknown} unknown and {unanswered} unanswered of {applicable} applicable questions \
                 count as not demonstrated."
            )
        }
    }

    /// The report's own name for a band of the default profile, for languages the profile's
    /// labels lack.
    pub(crate) fn band(&self, id: &str) -> Option<&'static str> {
        if self.lang != "fr" {
            return None;
        }
        Some(match id {
            "absent" => "Absent",
            "initial" => "Initial",
            "developing" => "En développement",
            "established" => "Établi",
            "leading" => "Avancé",
            _ => return None,
        })
    }

    /// "1 action", "3 actions".
    pub(crate) fn count_actions(&self, count: usize) -> String {
        let noun = if count == 1 {
            self.one_action
        } else {
            self.actions
        };
        format!("{count} {noun}")
    }

    pub(crate) fn pillar(&self, pillar: Pillar) -> &'static str {
        match (self.lang, pillar) {
            ("fr", Pillar::Protect) => "Pilier I : protéger",
            ("fr", Pillar::Respect) => "Pilier II : respecter",
            ("fr", Pillar::Remedy) => "Pilier III : réparer",
            (_, Pillar::Protect) => "Pillar I: Protect",
            (_, Pillar::Respect) => "Pillar II: Respect",
            (_, Pillar::Remedy) => "Pillar III: Remedy",
        }
    }

    pub(crate) fn owner(&self, owner: Option<Owner>) -> &'static str {
        let Some(owner) = owner else {
            return self.unassigned;
        };
        let fr = self.lang == "fr";
        match owner {
            Owner::Board if fr => "Conseil d'administration",
            Owner::Board => "Board",
            Owner::Executive if fr => "Direction générale",
            Owner::Executive => "Executive management",
            Owner::Legal if fr => "Juridique et conformité",
            Owner::Legal => "Legal and compliance",
            Owner::Sustainability if fr => "Droits humains et durabilité",
            Owner::Sustainability => "Human rights and sustainability",
            Owner::Product if fr => "Produit et ingénierie",
            Owner::Product => "Product and engineering",
            Owner::Sales if fr => "Ventes et relation client",
            Owner::Sales => "Sales and customer relations",
            Owner::TrustAndSafety if fr => "Confiance et sécurité",
            Owner::TrustAndSafety => "Trust and safety",
            Owner::Procurement if fr => "Achats",
            Owner::Procurement => "Procurement",
            Owner::Hr if fr => "Ressources humaines",
            Owner::Hr => "Human resources",
            Owner::Communications if fr => "Communication et information publique",
            Owner::Communications => "Communications and reporting",
            Owner::Grievance if fr => "Mécanisme de réclamation",
            Owner::Grievance => "Grievance mechanism",
            Owner::Investment if fr => "Équipes d'investissement",
            Owner::Investment => "Investment teams",
            Owner::Stewardship if fr => "Engagement actionnarial",
            Owner::Stewardship => "Stewardship",
            Owner::Legislature if fr => "Parlement",
            Owner::Legislature => "Legislature",
            Owner::Government if fr => "Gouvernement",
            Owner::Government => "Government",
            Owner::Regulators if fr => "Autorités de régulation",
            Owner::Regulators => "Regulators",
            Owner::Judiciary if fr => "Justice",
            Owner::Judiciary => "Judiciary",
            Owner::ForeignAffairs if fr => "Affaires étrangères et commerce",
            Owner::ForeignAffairs => "Foreign affairs and trade",
        }
    }
}
