// The questionnaire of GET /api/v1/surveys/{id} as the fill page shows it. Skip logic and
// "answered" follow the server (app/surveys/questionnaire.py) so the page asks exactly the
// questions the server will count: a required question that is shown and unanswered makes the
// server flag the response "incomplete".

const TYPE_TEXT = { single: '单选', multiple: '多选', matrix: '矩阵', text: '填空' };

// The server's validity flags (their reasons are English, for admins) said to the respondent.
const FLAG_TEXT = {
  outside_collection_window: '不在正式收集时间内提交（测试期或收集期外的答卷不计入）',
  too_fast: '答题用时过短',
  duplicate: '您已提交过本问卷，仅第一份计入',
  straight_lining: '矩阵题的每一行都选择了同一个选项',
  incomplete: '有必答题未作答',
};

/** The questions shown for these answers, in order (show_if looks at an earlier shown answer). */
function visibleQuestions(questions, answers) {
  const shown = new Set();
  return (questions || []).filter((q) => {
    const cond = q.show_if;
    if (cond) {
      const given = shown.has(cond.question) ? answers[cond.question] : undefined;
      const values = Array.isArray(given) ? given : [given];
      if (!values.some((v) => (cond.in || []).includes(v))) return false;
    }
    shown.add(q.id);
    return true;
  });
}

function isAnswered(question, value) {
  if (value === undefined || value === null) return false;
  if (question.type === 'text') return typeof value === 'string' && value.trim() !== '';
  if (question.type === 'matrix') return Object.keys(value).length === (question.rows || []).length;
  if (question.type === 'multiple') return Array.isArray(value) && value.length > 0;
  return value !== '';
}

/** Answers of the shown questions only, empty ones left out (what is sent and saved). */
function cleanAnswers(questions, answers) {
  const out = {};
  visibleQuestions(questions, answers).forEach((q) => {
    const value = answers[q.id];
    if (value === undefined || value === null) return;
    if (q.type === 'text' && value === '') return;
    if (q.type === 'multiple' && !value.length) return;
    if (q.type === 'matrix' && !Object.keys(value).length) return;
    out[q.id] = value;
  });
  return out;
}

/** Shown required questions still unanswered. */
function missingRequired(questions, answers) {
  return visibleQuestions(questions, answers).filter((q) => q.required && !isAnswered(q, answers[q.id]));
}

/** Answers after a tap: single replaces, multiple toggles, matrix sets a row, text sets text. */
function answerWith(question, answers, { value, row, text }) {
  const next = { ...answers };
  if (question.type === 'single') next[question.id] = value;
  else if (question.type === 'multiple') {
    const chosen = Array.isArray(answers[question.id]) ? answers[question.id] : [];
    next[question.id] = chosen.includes(value) ? chosen.filter((v) => v !== value) : [...chosen, value];
  } else if (question.type === 'matrix') next[question.id] = { ...(answers[question.id] || {}), [row]: value };
  else if (question.type === 'text') next[question.id] = text;
  return next;
}

/** The shown questions with their chosen state, for the template. */
function viewOf(questions, answers, missingIds = []) {
  return visibleQuestions(questions, answers).map((q, index) => {
    const value = answers[q.id];
    const chosen = (v) => (Array.isArray(value) ? value.includes(v) : value === v);
    return {
      id: q.id,
      type: q.type,
      no: index + 1,
      title: q.title,
      required: !!q.required,
      // A title that already says its type ("…（多选）") is not told it twice.
      typeText: (q.title || '').includes(`（${TYPE_TEXT[q.type]}）`) ? '' : (TYPE_TEXT[q.type] || ''),
      missing: missingIds.includes(q.id),
      options: (q.options || []).map((o) => ({ value: o.value, label: o.label, chosen: q.type !== 'matrix' && chosen(o.value) })),
      rows: (q.rows || []).map((r) => ({
        value: r.value,
        label: r.label,
        options: (q.options || []).map((o) => ({ value: o.value, label: o.label, chosen: !!(value && value[r.value] === o.value) })),
      })),
      text: q.type === 'text' ? (value || '') : '',
      maxLength: q.max_length || 1000,
    };
  });
}

/** The server's flags in Chinese; too_fast says how long it took and what the minimum is. */
function flagTexts(response, survey = {}) {
  return (response.flags || []).map(({ flag }) => {
    if (flag === 'too_fast' && survey.min_seconds) {
      return `${FLAG_TEXT.too_fast}（用时 ${response.duration_seconds} 秒，至少需要 ${survey.min_seconds} 秒）`;
    }
    return FLAG_TEXT[flag] || flag;
  });
}

module.exports = { visibleQuestions, isAnswered, cleanAnswers, missingRequired, answerWith, viewOf, flagTexts, FLAG_TEXT };
