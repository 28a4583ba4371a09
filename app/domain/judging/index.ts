// Judging maths: pure functions shared by the app and the worker, with no
// I/O and no dependencies. From a judge's rubric sheet to an award tier:
//
//   scoring.ts         weightedTotal: criterion scores → one total on 0–100
//                      (weights normalised to sum 1; each score within [0, max];
//                      every criterion scored, none outside the rubric).
//   normalise.ts       normaliseScores: per-judge z-scores mapped back onto the
//                      panel's mean and sd (population sds), only when every judge
//                      scored ≥ minScoresPerJudge (default 8) entries; else raw
//                      totals plus a warning per judge. A judge who gave everyone
//                      the same total counts as z = 0 (the panel mean), with a warning.
//   aggregate.ts       aggregateScores: per entry, the mean of its judges' totals,
//                      or with 5+ judges the mean without one highest and one lowest;
//                      plus the median (tie rule 2) and the number of judges.
//   ranking.ts         rankEntries by TIE_RULES (final score at 3 decimals, then
//                      median, then the heaviest criterion's mean, else a shared rank
//                      that skips: 1, 1, 3); allocateTiers by TIER_RULES (count or
//                      percentage places, floor / round_half_up / ceil, cumulative cuts,
//                      ties across a cut take the better tier, notices when a tier's
//                      entries differ from its places).
//   agreement.ts       Shrout & Fleiss ICC(1,1) (2,1) (3,1) (1,k) (2,k) (3,k) and
//                      Kendall's W with ties on a complete entries × judges matrix;
//                      ICC(1) for unbalanced panels (adjusted n0); reading levels:
//                      Koo & Li (2016) for ICC, Schmidt (1997) for W.
//   panel-agreement.ts agreementForPanel: the figures that the panel's design
//                      allows, from (entry, judge, total) rows, with reason codes.
//   severity.ts        judgeSeverity: each judge's mean difference from the other
//                      judges on the same entries; lenient / severe beyond 0.5 panel sd.
//   assignment.ts      assignJudges: k judges per entry, never own school / own class /
//                      declared conflict, kept assignments stay, dropped judges get
//                      nothing new, loads as even as possible (exact, by max-flow).
//
// Outputs are data and stable codes ("poor", "tier_exceeded_by_ties"); the
// words for them live in the message catalog. Errors are typed classes with a
// `code`, thrown for input that would otherwise give a silently wrong result.
export {
  AgreementInputError,
  assertScoreMatrix,
  concordanceLevel,
  icc1FromGroups,
  iccFromMatrix,
  iccLevel,
  iccLevelsOf,
  kendallW,
  twoWayMeanSquares,
  type AgreementInputErrorCode,
  type ConcordanceLevel,
  type ConcordanceResult,
  type GroupIccResult,
  type IccKind,
  type IccLevel,
  type IccResult,
  type MeanSquares,
} from "./agreement.ts";
export { agreementForPanel, type ConcordanceFigure, type CrossedBlock, type PanelAgreement } from "./panel-agreement.ts";
export { JudgeScoresError, type JudgeScore, type JudgeScoresErrorCode } from "./judge-scores.ts";
export { assertValidRubric, heaviestCriterion, ScoringError, weightedTotal, type Criterion, type CriterionScores, type ScoringErrorCode } from "./scoring.ts";
export {
  DEFAULT_MIN_SCORES_PER_JUDGE,
  normaliseScores,
  type JudgeScale,
  type NormalisationResult,
  type NormalisationWarning,
  type NormalisedScore,
  type NormaliseOptions,
} from "./normalise.ts";
export { aggregateScores, TRIM_FROM_JUDGES, type EntryAggregate } from "./aggregate.ts";
export {
  allocateTiers,
  displayScore,
  rankEntries,
  RankingInputError,
  TIE_RULES,
  TIER_RULES,
  tierPlaces,
  TierRuleError,
  type AwardTier,
  type RankedEntry,
  type RankingInput,
  type RankingInputErrorCode,
  type Rounding,
  type RuleDescriptor,
  type TieRuleKey,
  type TierAllocation,
  type TierNotice,
  type TierResult,
  type TierRuleErrorCode,
  type TierRuleKey,
} from "./ranking.ts";
export { DEFAULT_SEVERITY_THRESHOLD_SD, judgeSeverity, type JudgeSeverity, type SeverityClass, type SeverityReport } from "./severity.ts";
export {
  assignJudges,
  AssignmentInfeasibleError,
  AssignmentInputError,
  isEligible,
  type AssignmentEntry,
  type AssignmentInputErrorCode,
  type AssignmentJudge,
  type AssignmentOptions,
  type AssignmentResult,
  type JudgeLoad,
  type JudgePair,
  type UncoverableEntry,
} from "./assignment.ts";
