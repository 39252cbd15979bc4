// The aima questionnaire (docs/form.md). Plain JavaScript, no framework, no build step.
// Every piece of model and answer text reaches the page through textContent or a form
// field's value, never as markup. Nothing here makes a network request: the page's
// Content Security Policy forbids it, and files are saved and opened by the browser.
(function () {
  'use strict';

  var DATA = JSON.parse(document.getElementById('aima-data').textContent);
  var KEY = DATA.form.storageKey;
  var WORDS = [
    { word: 'yes', key: 'y', label: 'Yes', meaning: 'criterion fully met' },
    { word: 'mostly', key: 'm', label: 'Mostly', meaning: 'mostly met' },
    { word: 'partly', key: 'p', label: 'Partly', meaning: 'partly met' },
    { word: 'no', key: 'n', label: 'No', meaning: 'not met' },
    { word: 'na', key: 'a', label: 'Not applicable', meaning: 'asks for a reason' }
  ];
  var META = [
    { key: 'organization', label: 'Organization' },
    { key: 'scope', label: 'Scope', hint: 'what was assessed' },
    { key: 'assessor', label: 'Assessor', hint: 'who answered' },
    { key: 'date', label: 'Date', type: 'date' },
    { key: 'system', label: 'System', hint: 'id: letters, digits, - _ .' },
    { key: 'team', label: 'Team', hint: 'who filled this file' }
  ];
  if (DATA.features.round) {
    META.push({ key: 'round', label: 'Round', hint: 'e.g. 2026-H2' });
  }
  var TOP_KEYS = ['aima', 'model', 'assessment', 'targets', 'answers', 'clauses'];
  var ANSWER_KEYS = ['answer', 'note', 'evidence', 'reason'];
  var EVIDENCE_KEYS = ['ref', 'title', 'date', 'expires', 'sha256', 'kind'];
  var KINDS = ['document', 'record', 'test-report', 'link', 'other'];
  var SYSTEM_ID = /^[A-Za-z0-9_.-]{1,128}$/;

  var questions = [];
  var byId = {};
  DATA.domains.forEach(function (d) {
    d.practices.forEach(function (p) {
      p.questions.forEach(function (q) {
        q.domain = d.id;
        q.practice = p;
        q.index = questions.length;
        questions.push(q);
        byId[q.id] = q;
      });
    });
  });
  var inModel = {};
  DATA.questions.forEach(function (id) { inModel[id] = true; });

  // ---- state, kept in the browser's storage after every change ----------------------

  function blankAnswer() {
    return { answer: null, note: '', reason: '', evidence: [] };
  }

  function today() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? '0' : '') + n; };
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
  }

  function fromFileAnswer(a) {
    var out = blankAnswer();
    out.answer = a.answer || null;
    out.note = a.note || '';
    out.reason = a.reason || '';
    out.evidence = (a.evidence || []).map(function (e) { return Object.assign({}, e); });
    return out;
  }

  function initialState() {
    var s = { v: 1, metadata: {}, targets: DATA.prefill.targets, answers: {}, current: null };
    META.forEach(function (m) { s.metadata[m.key] = DATA.prefill.metadata[m.key] || ''; });
    if (!s.metadata.date) s.metadata.date = today();
    Object.keys(DATA.prefill.answers).forEach(function (id) {
      if (byId[id]) s.answers[id] = fromFileAnswer(DATA.prefill.answers[id]);
    });
    return s;
  }

  var storageOk = true;
  function loadState() {
    try {
      var text = window.localStorage.getItem(KEY);
      if (text) {
        var s = JSON.parse(text);
        if (s && s.v === 1 && s.answers && s.metadata) return s;
      }
    } catch (e) {
      storageOk = false;
    }
    return initialState();
  }

  var state = loadState();

  function persist() {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(state));
      if (!storageOk) {
        storageOk = true;
        say('');
      }
    } catch (e) {
      storageOk = false;
      warn('This browser does not keep the answers (its storage is off or full): ' +
        'save the answers file before you close the page.');
    }
  }

  function answerOf(id) {
    if (!state.answers[id]) state.answers[id] = blankAnswer();
    return state.answers[id];
  }

  // ---- building the page (textContent only) -----------------------------------------

  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (k) {
        if (k === 'text') node.textContent = props[k];
        else if (k === 'className') node.className = props[k];
        else if (k.indexOf('aria-') === 0 || k === 'role' || k === 'for') node.setAttribute(k, props[k]);
        else node[k] = props[k];
      });
    }
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }

  var app = document.getElementById('app');
  var ui = { questions: {}, domains: {}, meta: {} };

  function build() {
    document.title = 'AIMA questionnaire: ' + DATA.form.domains.join(', ') +
      (DATA.form.system ? ' (' + DATA.form.system + ')' : '');
    var main = el('main', { id: 'main' });
    main.appendChild(buildIntro());
    main.appendChild(buildMetadata());
    DATA.domains.forEach(function (d) { main.appendChild(buildDomain(d)); });
    main.appendChild(el('p', { className: 'attribution', text: DATA.model.attribution }));
    app.appendChild(buildBar());
    app.appendChild(el('div', { className: 'layout' }, [buildProgress(), main]));
  }

  function buildBar() {
    var open = el('input', { type: 'file', id: 'open-file', accept: '.yaml,.yml,text/yaml,application/yaml', className: 'hidden-file' });
    open.setAttribute('aria-label', 'Open answers file');
    open.addEventListener('change', function () { openFile(open); });
    ui.save = el('button', { type: 'button', id: 'save', text: 'Save answers file' });
    ui.save.addEventListener('click', saveFile);
    ui.open = el('button', { type: 'button', id: 'open', text: 'Open answers file' });
    ui.open.addEventListener('click', function () { open.click(); });
    ui.undo = el('button', { type: 'button', id: 'undo-open', text: 'Undo open', hidden: true });
    ui.undo.addEventListener('click', undoOpen);
    ui.status = el('div', { id: 'status', role: 'status', 'aria-live': 'polite' });
    ui.total = el('span', { id: 'total' });
    // The progress per domain stays in sight at a tablet's width too (docs/form.md).
    ui.compact = el('div', { className: 'bar-progress', 'aria-hidden': 'true' });
    return el('header', { className: 'bar' }, [
      el('div', { className: 'title' }, [
        el('strong', { text: 'AIMA questionnaire' }), ' ',
        el('span', { className: 'model', text: DATA.model.name + ' ' + DATA.model.version })
      ]),
      el('div', { className: 'actions' }, [ui.save, ui.open, ui.undo, open, ui.total]),
      ui.compact,
      ui.status
    ]);
  }

  function buildIntro() {
    var keys = el('p', { className: 'keys' }, [
      'Keys on a question: ',
      el('kbd', { text: 'y' }), ' yes · ', el('kbd', { text: 'm' }), ' mostly · ',
      el('kbd', { text: 'p' }), ' partly · ', el('kbd', { text: 'n' }), ' no · ',
      el('kbd', { text: 'a' }), ' not applicable · ', el('kbd', { text: 's' }), ' skip · ',
      el('kbd', { text: 'b' }), ' back · ', el('kbd', { text: 'c' }), ' note · ',
      el('kbd', { text: 'e' }), ' evidence · ', el('kbd', { text: 'q' }), ' save answers file; ',
      el('kbd', { text: '↑' }), el('kbd', { text: '↓' }), ' change the answer, ',
      el('kbd', { text: 'Tab' }), ' to the note and evidence, ', el('kbd', { text: 'Esc' }),
      ' back to the question.'
    ]);
    return el('section', { className: 'intro', 'aria-label': 'About this form' }, [
      el('h1', { text: 'AIMA questionnaire: ' + DATA.domains.map(function (d) { return d.id + ' ' + d.name; }).join(', ') }),
      el('p', { text: 'Answer each question for ' + (DATA.form.system ? 'system ' + DATA.form.system : 'the system in scope') +
        '. Your answers stay in this browser as you give them (closing the page loses nothing). ' +
        'When you are done, press "Save answers file" and send the file back to whoever sent you this form.' }),
      keys
    ]);
  }

  function buildMetadata() {
    var fields = META.map(function (m) {
      var id = 'meta-' + m.key;
      var input = el('input', { id: id, type: m.type || 'text', name: m.key, autocomplete: 'off' });
      if (m.key === 'system' && DATA.form.system) input.readOnly = true;
      if (m.key === 'round' && DATA.form.round) input.readOnly = true;
      input.addEventListener('input', function () {
        state.metadata[m.key] = input.value;
        input.classList.remove('invalid');
        persist();
      });
      ui.meta[m.key] = input;
      return el('div', { className: 'field' }, [
        el('label', { for: id, text: m.label }),
        input,
        m.hint ? el('span', { className: 'hint', text: m.hint }) : null
      ]);
    });
    return el('section', { className: 'metadata', id: 'metadata', 'aria-labelledby': 'metadata-title' }, [
      el('h2', { id: 'metadata-title', text: 'About this assessment' }),
      el('div', { className: 'fields' }, fields)
    ]);
  }

  function buildProgress() {
    var list = el('ul', { className: 'progress-list' });
    DATA.domains.forEach(function (d) {
      var total = 0;
      d.practices.forEach(function (p) { total += p.questions.length; });
      var bar = el('progress', { max: total, value: 0 });
      bar.setAttribute('aria-label', 'Progress of ' + d.id);
      var count = el('span', { className: 'count' });
      var link = el('a', { href: '#domain-' + d.id, text: d.id + ' ' + d.name });
      ui.domains[d.id] = { bar: bar, count: count, total: total };
      list.appendChild(el('li', { id: 'progress-' + d.id }, [link, bar, count]));
    });
    return el('nav', { className: 'progress', 'aria-label': 'Progress per domain' }, [
      el('h2', { text: 'Progress' }), list
    ]);
  }

  function buildDomain(d) {
    var section = el('section', { className: 'domain', id: 'domain-' + d.id }, [
      el('h2', { text: d.id + ' ' + d.name }),
      el('p', { className: 'description', text: d.description })
    ]);
    d.practices.forEach(function (p) {
      var practice = el('section', { className: 'practice', id: 'practice-' + p.id }, [
        el('h3', { text: p.id + ' ' + p.name }),
        el('p', { className: 'description', text: p.description })
      ]);
      p.questions.forEach(function (q) { practice.appendChild(buildQuestion(q)); });
      section.appendChild(practice);
    });
    return section;
  }

  function buildQuestion(q) {
    var ids = { text: 'text-' + q.id, reason: 'reason-' + q.id, note: 'note-' + q.id };
    var radios = el('div', { className: 'answers', role: 'radiogroup', 'aria-labelledby': ids.text });
    var inputs = {};
    WORDS.forEach(function (w) {
      var input = el('input', { type: 'radio', name: 'answer-' + q.id, value: w.word, id: 'a-' + q.id + '-' + w.word });
      input.addEventListener('change', function () { if (input.checked) setAnswer(q.id, w.word, false); });
      inputs[w.word] = input;
      radios.appendChild(el('label', { className: 'choice choice-' + w.word, for: input.id }, [
        input, ' ' + w.label + ' ', el('kbd', { text: w.key })
      ]));
    });
    var clear = el('button', { type: 'button', className: 'clear', text: 'Clear' });
    clear.setAttribute('aria-label', 'Clear the answer to ' + q.id);
    clear.addEventListener('click', function () { setAnswer(q.id, null, false); });
    radios.appendChild(clear);
    var reason = textArea(ids.reason, q.id, 'reason', 2);
    reason.required = true;
    var reasonBox = el('div', { className: 'reason', hidden: true }, [
      el('label', { for: ids.reason, text: 'Why does it not apply? (required for not applicable)' }), reason
    ]);
    var note = textArea(ids.note, q.id, 'note', 2);
    var evidenceList = el('ul', { className: 'evidence-list' });
    var add = el('button', { type: 'button', className: 'add-evidence', text: 'Add evidence' });
    add.addEventListener('click', function () { addEvidence(q.id); });
    var article = el('article', { className: 'q', id: 'q-' + q.id, tabIndex: -1, 'aria-labelledby': ids.text }, [
      el('div', { className: 'qhead' }, [
        el('span', { className: 'code', text: q.id }),
        el('span', { className: 'level', text: 'Level ' + q.level + ': ' + q.levelTitle }),
        el('span', { className: 'stream', text: q.stream })
      ]),
      el('p', { className: 'text', id: ids.text, text: q.text }),
      el('p', { className: 'guidance', text: q.guidance }),
      radios, reasonBox,
      el('div', { className: 'note' }, [el('label', { for: ids.note, text: 'Note' }), note]),
      el('div', { className: 'evidence' }, [el('span', { className: 'label', text: 'Evidence' }), evidenceList, add])
    ]);
    article.addEventListener('focusin', function () { setCurrent(q.id); });
    ui.questions[q.id] = { article: article, inputs: inputs, reason: reason, reasonBox: reasonBox, note: note, evidence: evidenceList };
    return article;
  }

  function textArea(id, qid, field, rows) {
    var t = el('textarea', { id: id, rows: rows });
    t.addEventListener('input', function () {
      answerOf(qid)[field] = t.value;
      t.classList.remove('invalid');
      persist();
    });
    return t;
  }

  // ---- evidence -----------------------------------------------------------------------

  function addEvidence(qid) {
    var a = answerOf(qid);
    a.evidence.push({ ref: '' });
    persist();
    paintEvidence(qid);
    var inputs = ui.questions[qid].evidence.querySelectorAll('input.ref');
    if (inputs.length) inputs[inputs.length - 1].focus();
  }

  function paintEvidence(qid) {
    var list = ui.questions[qid].evidence;
    var a = state.answers[qid] || blankAnswer();
    while (list.firstChild) list.removeChild(list.firstChild);
    a.evidence.forEach(function (item, i) {
      var base = 'ev-' + qid + '-' + i;
      var ref = el('input', { type: 'text', className: 'ref', id: base + '-ref', value: item.ref || '',
        placeholder: 'a link or a path, e.g. docs/ai-policy.pdf' });
      ref.addEventListener('input', function () { item.ref = ref.value; persist(); });
      var parts = [el('label', { for: ref.id, className: 'small', text: 'Reference' }), ref];
      if (DATA.features.evidenceLong) {
        var date = el('input', { type: 'date', className: 'date', id: base + '-date', value: item.date || '' });
        date.addEventListener('input', function () {
          if (date.value) item.date = date.value; else delete item.date;
          persist();
        });
        parts.push(el('label', { for: date.id, className: 'small', text: 'Collected on' }), date);
      }
      var remove = el('button', { type: 'button', className: 'remove', text: 'Remove' });
      remove.setAttribute('aria-label', 'Remove evidence ' + (i + 1) + ' of ' + qid);
      remove.addEventListener('click', function () {
        a.evidence.splice(i, 1);
        persist();
        paintEvidence(qid);
        ui.questions[qid].article.querySelector('.add-evidence').focus();
      });
      parts.push(remove);
      list.appendChild(el('li', {}, parts));
    });
  }

  // ---- answers, progress, focus -------------------------------------------------------

  function setAnswer(qid, word, fromKey) {
    answerOf(qid).answer = word;
    persist();
    paintQuestion(qid);
    paintProgress();
    if (word === 'na') {
      ui.questions[qid].reason.focus();
    } else if (fromKey) {
      move(qid, 1);
    }
  }

  function paintQuestion(qid) {
    var a = state.answers[qid] || blankAnswer();
    var q = ui.questions[qid];
    WORDS.forEach(function (w) { q.inputs[w.word].checked = a.answer === w.word; });
    q.article.classList.toggle('answered', !!a.answer);
    q.reasonBox.hidden = a.answer !== 'na';
    q.reason.value = a.reason || '';
    q.note.value = a.note || '';
    paintEvidence(qid);
  }

  function paintProgress() {
    var all = 0;
    var done = 0;
    DATA.domains.forEach(function (d) {
      var n = 0;
      d.practices.forEach(function (p) {
        p.questions.forEach(function (q) { if (state.answers[q.id] && state.answers[q.id].answer) n += 1; });
      });
      var u = ui.domains[d.id];
      u.bar.value = n;
      u.count.textContent = n + '/' + u.total;
      all += u.total;
      done += n;
    });
    ui.total.textContent = done + ' of ' + all + ' answered';
    ui.compact.textContent = DATA.domains.map(function (d) {
      return d.id + ' ' + ui.domains[d.id].count.textContent;
    }).join(' · ');
  }

  function paintAll() {
    META.forEach(function (m) {
      ui.meta[m.key].value = state.metadata[m.key] || '';
    });
    if (DATA.form.system) ui.meta.system.value = DATA.form.system;
    questions.forEach(function (q) { paintQuestion(q.id); });
    paintProgress();
  }

  function setCurrent(qid) {
    if (state.current === qid) return;
    if (state.current && ui.questions[state.current]) ui.questions[state.current].article.classList.remove('current');
    state.current = qid;
    ui.questions[qid].article.classList.add('current');
  }

  function focusQuestion(qid) {
    var q = ui.questions[qid];
    var a = state.answers[qid];
    var target = (a && a.answer && q.inputs[a.answer]) || q.inputs.yes;
    // The radio group takes the focus: arrows change the answer, letters answer at once.
    target.focus();
    if (!(a && a.answer)) {
      // An unanswered question: focus without choosing (a focused radio is not checked).
      q.inputs.yes.checked = false;
    }
    q.article.scrollIntoView({ block: 'nearest' });
  }

  function move(qid, step) {
    var i = byId[qid].index + step;
    if (i >= 0 && i < questions.length) focusQuestion(questions[i].id);
  }

  function onKey(e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    var typing = t && (t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' ||
      (t.tagName === 'INPUT' && t.type !== 'radio' && t.type !== 'button'));
    var article = t && t.closest ? t.closest('article.q') : null;
    if (typing) {
      if (e.key === 'Escape' && article) {
        e.preventDefault();
        focusQuestion(article.id.slice(2));
      }
      return;
    }
    if (t && t.tagName === 'BUTTON' && (e.key === 'Enter' || e.key === ' ')) return;
    var qid = article ? article.id.slice(2) : null;
    var key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    if (key === 'q') {
      e.preventDefault();
      saveFile();
      return;
    }
    if (!qid) {
      if ((key === 's' || key === 'b') && questions.length) {
        e.preventDefault();
        focusQuestion(state.current && byId[state.current] ? state.current : questions[0].id);
      }
      return;
    }
    var word = WORDS.filter(function (w) { return w.key === key; })[0];
    if (word) {
      e.preventDefault();
      setAnswer(qid, word.word, true);
    } else if (key === 'c') {
      e.preventDefault();
      ui.questions[qid].note.focus();
    } else if (key === 'e') {
      e.preventDefault();
      addEvidence(qid);
    } else if (key === 's') {
      e.preventDefault();
      move(qid, 1);
    } else if (key === 'b') {
      e.preventDefault();
      move(qid, -1);
    }
  }

  // ---- messages ---------------------------------------------------------------------

  function say(text, kind) {
    ui.status.textContent = text;
    ui.status.className = kind || '';
  }
  function warn(text) { say(text, 'error'); }

  // ---- the answers file: writing ----------------------------------------------------

  // A YAML double-quoted scalar: nothing in it can be read as anything but this text.
  function quote(text) {
    var out = '"';
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      var ch = text[i];
      if (ch === '"') out += '\\"';
      else if (ch === '\\') out += '\\\\';
      else if (ch === '\n') out += '\\n';
      else if (ch === '\t') out += '\\t';
      else if (ch === '\r') out += '\\r';
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length &&
        text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) {
        var cp = text.codePointAt(i);
        out += unsafe(cp) ? '\\U' + hex(cp, 8) : text.slice(i, i + 2);
        i += 1;
      } else if (c >= 0xd800 && c <= 0xdfff) out += '\\uFFFD';
      else if (unsafe(c)) out += '\\u' + hex(c, 4);
      else out += ch;
    }
    return out + '"';
  }

  function hex(n, width) {
    var s = n.toString(16).toUpperCase();
    while (s.length < width) s = '0' + s;
    return s;
  }

  // Controls, separators, bidirectional and invisible characters (as crate::sanitize).
  function unsafe(c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0xad || c === 0x34f || c === 0x61c ||
      c === 0x115f || c === 0x1160 || c === 0x17b4 || c === 0x17b5 || c === 0x180e ||
      (c >= 0x200b && c <= 0x200f) || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2060 && c <= 0x206f) ||
      c === 0x3164 || c === 0xfeff || c === 0xffa0 || (c >= 0xfff9 && c <= 0xfffb) ||
      c === 0xfffe || c === 0xffff || (c >= 0xe0000 && c <= 0xe0fff);
  }

  // Text for a one-line YAML comment.
  function comment(text) {
    var out = '';
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      out += unsafe(c) ? '\\u{' + c.toString(16) + '}' : text[i];
    }
    return out;
  }

  function present(text) {
    return typeof text === 'string' && text.trim() !== '';
  }

  function problems() {
    var list = [];
    META.forEach(function (m) {
      var v = state.metadata[m.key] || '';
      if (m.key === 'system' && present(v) && !SYSTEM_ID.test(v)) {
        list.push({ field: ui.meta.system, text: 'System: use letters, digits, -, _ and . only' });
      }
      if (m.key === 'round' && present(v) && !SYSTEM_ID.test(v)) {
        list.push({ field: ui.meta.round, text: 'Round: use letters, digits, -, _ and . only' });
      }
      if (m.key === 'date' && present(v) && !validDate(v)) {
        list.push({ field: ui.meta.date, text: 'Date: a real day as YYYY-MM-DD' });
      }
    });
    questions.forEach(function (q) {
      var a = state.answers[q.id];
      if (a && a.answer === 'na' && !present(a.reason)) {
        list.push({ field: ui.questions[q.id].reason, text: q.id + ' is not applicable: say why' });
      }
      (a ? a.evidence : []).forEach(function (e, i) {
        var ref = (e.ref || '').trim();
        var input = document.getElementById('ev-' + q.id + '-' + i + '-ref');
        if (ref && absolutePath(ref)) list.push({ field: input, text: 'evidence of ' + q.id + ': ' + RELATIVE });
        if (e.date && e.expires && e.expires < e.date) {
          list.push({ field: input, text: 'evidence of ' + q.id + ' expires before its date' });
        }
      });
    });
    return list;
  }

  function validDate(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!m) return false;
    var y = +m[1];
    var mo = +m[2];
    var d = +m[3];
    var days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= days[mo - 1];
  }

  function toYaml() {
    var lines = [];
    lines.push('# ' + comment(DATA.model.name + ' ' + DATA.model.version) + ' (' + DATA.model.key +
      '): answers from the aima questionnaire in the browser');
    lines.push('# form ' + DATA.form.id + ', domains ' + DATA.form.domains.join(', ') +
      '. Check it with `aima validate FILE`; score it with `aima score FILE`.');
    lines.push('aima: 1');
    lines.push('model: ' + quote(DATA.model.key));
    var meta = META.filter(function (m) { return present(state.metadata[m.key]); });
    if (meta.length) {
      lines.push('assessment:');
      meta.forEach(function (m) { lines.push('  ' + m.key + ': ' + quote(state.metadata[m.key].trim())); });
    }
    var targets = Object.keys(state.targets || {});
    if (targets.length) {
      lines.push('targets:');
      targets.forEach(function (code) { lines.push('  ' + code + ': ' + Number(state.targets[code])); });
    }
    lines.push('answers:');
    DATA.domains.forEach(function (d) {
      lines.push('  # ' + comment(d.id + ' ' + d.name));
      d.practices.forEach(function (p) {
        p.questions.forEach(function (q) { entry(lines, q.id, state.answers[q.id]); });
      });
    });
    return lines.join('\n') + '\n';
  }

  function entry(lines, id, a) {
    // Answer words are written bare: aima reads `yes` and `no` as the words, not booleans.
    var word = a && a.answer ? a.answer : '~';
    var evidence = a ? a.evidence.filter(function (e) { return present(e.ref); }) : [];
    var note = a && present(a.note) ? a.note : null;
    var reason = a && a.answer === 'na' ? a.reason : null;
    if (!note && !evidence.length && !reason) {
      lines.push('  ' + id + ': ' + word);
      return;
    }
    lines.push('  ' + id + ':');
    lines.push('    answer: ' + word);
    if (reason) lines.push('    reason: ' + quote(reason));
    if (note) lines.push('    note: ' + quote(note));
    if (evidence.length) {
      lines.push('    evidence:');
      evidence.forEach(function (e) {
        if (!DATA.features.evidenceLong) {
          lines.push('      - ' + quote(e.ref.trim()));
          return;
        }
        lines.push('      - ref: ' + quote(e.ref.trim()));
        EVIDENCE_KEYS.forEach(function (k) {
          if (k !== 'ref' && present(e[k])) lines.push('        ' + k + ': ' + quote(e[k]));
        });
      });
    }
  }

  function fileName() {
    var parts = ['aima'];
    if (present(state.metadata.system)) parts.push(state.metadata.system.trim());
    if (present(state.metadata.round)) parts.push(state.metadata.round.trim());
    parts.push(DATA.form.domains.join('-'));
    if (present(state.metadata.team)) parts.push(state.metadata.team.trim());
    return parts.join('-').replace(/[^A-Za-z0-9_.-]+/g, '_') + '.yaml';
  }

  function saveFile() {
    var found = problems();
    document.querySelectorAll('.invalid').forEach(function (n) { n.classList.remove('invalid'); });
    if (found.length) {
      found.forEach(function (p) { p.field.classList.add('invalid'); });
      warn('Not saved: ' + found.map(function (p) { return p.text; }).join('; ') + '.');
      found[0].field.focus();
      return;
    }
    var blob = new Blob([toYaml()], { type: 'application/yaml' });
    var url = URL.createObjectURL(blob);
    var a = el('a', { href: url, download: fileName() });
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    say('Saved ' + fileName() + ' (to your downloads). Send it back to whoever sent you this form.');
  }

  // ---- the answers file: reading ----------------------------------------------------

  function openFile(input) {
    var file = input.files && input.files[0];
    input.value = '';
    if (!file) return;
    var name = file.name;
    if (file.size > DATA.limit) {
      warn(name + ' was not opened: it is larger than ' + (DATA.limit / 1048576) +
        ' MiB, the limit of aima. Nothing was changed.');
      return;
    }
    file.arrayBuffer().then(function (buffer) {
      var text;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
      } catch (e) {
        throw new Failure('it is not UTF-8 text, so not an answers file');
      }
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      var loaded = check(readYaml(text));
      apply(loaded, name);
    }).catch(function (e) {
      var why = e instanceof Failure ? e.message : 'it could not be read (' + e + ')';
      warn(name + ' was not opened: ' + why + '. Nothing was changed.');
    });
  }

  function Failure(message, line) {
    this.message = line ? 'line ' + line + ': ' + message : message;
  }

  function apply(loaded, name) {
    try {
      window.localStorage.setItem(KEY + '/before-open', JSON.stringify(state));
    } catch (e) { /* the undo stays in memory */ }
    ui.before = JSON.stringify(state);
    var s = { v: 1, metadata: {}, targets: loaded.targets, answers: {}, current: state.current };
    META.forEach(function (m) { s.metadata[m.key] = loaded.metadata[m.key] || ''; });
    if (DATA.form.system) s.metadata.system = DATA.form.system;
    Object.keys(loaded.answers).forEach(function (id) { s.answers[id] = fromFileAnswer(loaded.answers[id]); });
    state = s;
    persist();
    paintAll();
    var n = Object.keys(loaded.answers).filter(function (id) { return loaded.answers[id].answer; }).length;
    var msg = 'Opened ' + name + ': ' + n + ' answer' + (n === 1 ? '' : 's') + ' for this form.';
    if (loaded.outside.length) {
      msg += ' Left out: ' + loaded.outside.length + ' answer' + (loaded.outside.length === 1 ? '' : 's') +
        ' for domains this form does not ask (' + loaded.outside.slice(0, 3).join(', ') +
        (loaded.outside.length > 3 ? ', …' : '') + ').';
    }
    if (loaded.clauses) {
      msg += ' Left out: the own evidence for ' + loaded.clauses + ' clause' + (loaded.clauses === 1 ? '' : 's') +
        ' (`clauses:`), which this form does not ask; keep it in the original file.';
    }
    say(msg + ' "Undo open" brings back what the form held before.');
    ui.undo.hidden = false;
  }

  function undoOpen() {
    if (!ui.before) return;
    state = JSON.parse(ui.before);
    ui.before = null;
    persist();
    paintAll();
    ui.undo.hidden = true;
    say('The form holds again what it held before the file was opened.');
  }

  // A checked answers file, by the rules of aima's own parser (docs/answers-format.md).
  function check(root) {
    if (!root || root.kind !== 'map') {
      throw new Failure('it is not an answers file (an answers file is a mapping that starts with `aima: 1`)');
    }
    if (!root.entries.some(function (e) { return e.key === 'aima'; })) {
      throw new Failure('it is not an answers file (it has no `aima: 1` line)');
    }
    var top = fields(root, TOP_KEYS, 'the answers file');
    if (top.aima.type !== 'int' || top.aima.value !== 1) {
      throw new Failure('`aima` must be 1, the answers-file format version', top.aima.line);
    }
    if (!top.model || top.model.type !== 'str') throw new Failure('it has no `model`, so it is not an answers file');
    if (top.model.value !== DATA.model.key) {
      throw new Failure('it is for model ' + top.model.value + ', and this form is for model ' + DATA.model.key, top.model.line);
    }
    var out = { metadata: {}, targets: {}, answers: {}, outside: [], clauses: 0 };
    // The organisation's own evidence per clause (docs/answers-format.md): not asked here.
    if (top.clauses && top.clauses.kind === 'map') out.clauses = top.clauses.entries.length;
    if (top.assessment && top.assessment.kind !== 'null') readMeta(top.assessment, out);
    if (top.targets && top.targets.kind !== 'null') readTargets(top.targets, out);
    if (top.answers && top.answers.kind !== 'null') readAnswers(top.answers, out);
    return out;
  }

  function fields(node, allowed, what) {
    if (node.kind !== 'map') throw new Failure(what + ' must be a mapping', node.line);
    var f = {};
    node.entries.forEach(function (e) {
      if (allowed.indexOf(e.key) < 0) {
        throw new Failure('unknown key `' + e.key + '` in ' + what + ' (expected ' + allowed.join(', ') + ')', e.line);
      }
      f[e.key] = e.value;
    });
    return f;
  }

  function text(node, what) {
    if (node.kind === 'null') return null;
    if (node.type !== 'str') throw new Failure(what + ' must be text (put it in quotes)', node.line);
    if (!present(node.value)) throw new Failure(what + ' must not be empty', node.line);
    return node.value;
  }

  function readMeta(node, out) {
    var f = fields(node, META.map(function (m) { return m.key; }), '`assessment`');
    Object.keys(f).forEach(function (k) {
      var v = text(f[k], '`' + k + '`');
      if (v === null) return;
      if (k === 'date' && !validDate(v)) throw new Failure('bad date `' + v + '`: expected YYYY-MM-DD', f[k].line);
      if ((k === 'system' || k === 'round') && !SYSTEM_ID.test(v)) {
        throw new Failure('bad ' + k + ' id `' + v + '`: use letters, digits, -, _ and . only', f[k].line);
      }
      out.metadata[k] = v;
    });
    if (DATA.form.system && out.metadata.system && out.metadata.system !== DATA.form.system) {
      throw new Failure('it is for system ' + out.metadata.system + ', and this form is for system ' + DATA.form.system,
        f.system.line);
    }
  }

  function readTargets(node, out) {
    if (node.kind !== 'map') throw new Failure('`targets` must be a mapping', node.line);
    node.entries.forEach(function (e) {
      var known = e.key === 'default' || DATA.questions.some(function (id) {
        return id.slice(0, 2) === e.key || id.slice(0, 5) === e.key;
      });
      if (!known) throw new Failure('target names unknown code `' + e.key + '`', e.line);
      if (e.value.type !== 'int' || e.value.value < 0 || e.value.value > 3) {
        throw new Failure('target `' + e.key + '` must be a level from 0 to 3', e.value.line);
      }
      out.targets[e.key] = e.value.value;
    });
  }

  function readAnswers(node, out) {
    if (node.kind !== 'map') throw new Failure('`answers` must be a mapping of question IDs to answers', node.line);
    node.entries.forEach(function (e) {
      if (!inModel[e.key]) {
        throw new Failure('unknown question ID `' + e.key + '`: model ' + DATA.model.key + ' has no such question', e.line);
      }
      var a = readAnswer(e.key, e.value);
      if (!byId[e.key]) {
        if (a.answer) out.outside.push(e.key);
        return;
      }
      out.answers[e.key] = a;
    });
  }

  function word(node, id) {
    if (node.kind === 'null') return null;
    if (node.type === 'str' && WORDS.some(function (w) { return w.word === node.value; })) return node.value;
    throw new Failure('the answer to ' + id + ' must be yes, mostly, partly, no or na', node.line);
  }

  function readAnswer(id, node) {
    var a = { answer: null, note: null, reason: null, evidence: [] };
    if (node.kind !== 'map') {
      a.answer = word(node, id);
      if (a.answer === 'na') throw new Failure(id + ' is `na` without a reason', node.line);
      return a;
    }
    var what = 'the answer to ' + id;
    var f = fields(node, ANSWER_KEYS, what);
    if (!f.answer) throw new Failure(what + ' has no `answer` (write `answer: ~` to leave it open)', node.line);
    a.answer = word(f.answer, id);
    if (f.note) a.note = text(f.note, '`note` of ' + id);
    if (f.reason) a.reason = text(f.reason, '`reason` of ' + id);
    if (a.answer === 'na' && !a.reason) throw new Failure(id + ' is `na` without a reason', f.answer.line);
    if (a.answer !== 'na' && a.reason) throw new Failure('`reason` goes with `na` only; ' + id + ' is not na', f.reason.line);
    if (f.evidence && f.evidence.kind !== 'null') {
      var items = f.evidence.kind === 'seq' ? f.evidence.items : [f.evidence];
      a.evidence = items.map(function (item) { return evidenceItem(item, id); });
    }
    return a;
  }

  function evidenceItem(node, id) {
    var what = 'evidence of ' + id;
    var item = {};
    if (node.kind === 'map') {
      if (!DATA.features.evidenceLong) throw new Failure(what + ' must be a link or a path', node.line);
      var f = fields(node, EVIDENCE_KEYS, 'an evidence item of ' + id);
      EVIDENCE_KEYS.forEach(function (k) {
        if (f[k]) {
          var v = text(f[k], '`' + k + '` of an evidence item of ' + id);
          if (v !== null) item[k] = v;
        }
      });
      if (!item.ref) throw new Failure('an evidence item of ' + id + ' has no `ref`', node.line);
      ['date', 'expires'].forEach(function (k) {
        if (item[k] && !validDate(item[k])) throw new Failure('bad `' + k + '` of ' + what + ': expected YYYY-MM-DD', f[k].line);
      });
      if (item.date && item.expires && item.expires < item.date) {
        throw new Failure(what + ' expires before its date', f.expires.line);
      }
      if (item.sha256 && !/^[0-9A-Fa-f]{64}$/.test(item.sha256)) {
        throw new Failure('malformed `sha256` of ' + what + ': expected 64 hex digits', f.sha256.line);
      }
      if (item.sha256) item.sha256 = item.sha256.toLowerCase();
      if (item.kind && KINDS.indexOf(item.kind) < 0) {
        throw new Failure('unknown `kind` of ' + what + ': use ' + KINDS.join(', '), f.kind.line);
      }
    } else {
      item.ref = text(node, what);
      if (item.ref === null) throw new Failure(what + ' must be a link or a path', node.line);
    }
    if (absolutePath(item.ref)) throw new Failure(what + ': `' + item.ref + '` is an absolute path; ' + RELATIVE, node.line);
    return item;
  }

  var RELATIVE = 'a path is relative to the answers file and stays inside the project folder';

  // As aima's evidence rules (docs/evidence.md): a URL, or a path that is not absolute.
  function isUrl(ref) {
    var lower = ref.toLowerCase();
    return lower.indexOf('mailto:') === 0 || lower.indexOf('urn:') === 0 || /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(ref);
  }

  function absolutePath(ref) {
    return !isUrl(ref) && (ref[0] === '/' || ref[0] === '\\' || /^[A-Za-z]:/.test(ref));
  }

  // ---- a small YAML reader: what aima writes and what people write by hand ------------
  // Block mappings and sequences, flow mappings and sequences, plain, single- and
  // double-quoted scalars, block scalars (| and >), comments. Plain scalars resolve by the
  // YAML 1.2 core schema, as aima's parser does (`yes` and `no` stay words). Anchors,
  // aliases, tags and multi-document files are refused with their line: `aima validate`
  // reads them.

  function readYaml(source) {
    var lines = source.split(/\r\n|\r|\n/);
    var r = { lines: lines, i: 0 };
    skipBlank(r);
    if (r.i < lines.length && /^---(\s|$)/.test(lines[r.i])) {
      if (lines[r.i].slice(3).trim() && lines[r.i].slice(3).trim()[0] !== '#') {
        throw new Failure('content on the `---` line is not read by this form', r.i + 1);
      }
      r.i += 1;
      skipBlank(r);
    }
    if (r.i >= lines.length) return null;
    var node = block(r, indentOf(r, r.i));
    skipBlank(r);
    if (r.i < lines.length && !/^\.\.\.(\s|$)/.test(lines[r.i])) {
      if (/^---/.test(lines[r.i])) throw new Failure('only one YAML document per answers file', r.i + 1);
      throw new Failure('unexpected text (check its indentation)', r.i + 1);
    }
    return node;
  }

  function indentOf(r, i) {
    var line = r.lines[i];
    var n = 0;
    while (n < line.length && line[n] === ' ') n += 1;
    if (line[n] === '\t') throw new Failure('a tab in the indentation: indent with spaces', i + 1);
    return n;
  }

  function isBlank(line) {
    var t = line.trim();
    return t === '' || t[0] === '#';
  }

  function skipBlank(r) {
    while (r.i < r.lines.length && isBlank(r.lines[r.i])) r.i += 1;
  }

  function block(r, indent) {
    var line = r.lines[r.i];
    var rest = line.slice(indent);
    if (rest === '-' || rest.slice(0, 2) === '- ') return blockSeq(r, indent);
    if (keyOf(rest, r.i) !== null) return blockMap(r, indent);
    var node = inlineValue(r, indent, indent - 1);
    return node;
  }

  // The key of a `key: value` line, or null. {key, after} with `after` the offset past ':'.
  function keyOf(rest, i) {
    var c = rest[0];
    if (c === '"' || c === "'") {
      var s = { text: rest, pos: 0, line: i + 1 };
      var key = quoted(s);
      var after = rest.slice(s.pos);
      var m = /^\s*:(\s|$)/.exec(after);
      return m ? { key: key, after: s.pos + m[0].length } : null;
    }
    if (c === '#' || c === '-' && (rest[1] === ' ' || rest.length === 1) || c === '{' || c === '[') return null;
    var m2 = /^([^#:]|:(?=\S))*?:(\s|$)/.exec(rest);
    if (!m2) return null;
    var k = m2[0].slice(0, m2[0].length - (m2[2] ? 2 : 1)).trim();
    if (k.indexOf(' #') >= 0) return null;
    return { key: k, after: m2[0].length };
  }

  // The next line of a block at `indent` without its indentation; null where the block ends.
  function nextAt(r, indent) {
    skipBlank(r);
    if (r.i >= r.lines.length) return null;
    var ind = indentOf(r, r.i);
    if (ind < indent) return null;
    if (ind > indent) throw new Failure('unexpected indentation', r.i + 1);
    return r.lines[r.i].slice(indent);
  }

  function blockMap(r, indent) {
    var node = { kind: 'map', entries: [], line: r.i + 1 };
    var seen = {};
    for (;;) {
      var rest = nextAt(r, indent);
      if (rest === null || (/^(---|\.\.\.)(\s|$)/.test(rest) && indent === 0)) break;
      var k = keyOf(rest, r.i);
      if (!k) throw new Failure('expected `key: value` here', r.i + 1);
      checkNoSpecial(k.key, r.i + 1);
      if (seen[k.key]) throw new Failure('`' + k.key + '` is given twice (first on line ' + seen[k.key] + ')', r.i + 1);
      seen[k.key] = r.i + 1;
      var line = r.i + 1;
      var value = valueAfter(r, indent, indent + k.after);
      node.entries.push({ key: k.key, value: value, line: line });
    }
    return node;
  }

  // The value of a mapping entry or sequence item whose text starts at column `col`.
  function valueAfter(r, indent, col) {
    var rest = r.lines[r.i].slice(col);
    if (rest.trim() === '' || rest.trim()[0] === '#') {
      r.i += 1;
      skipBlank(r);
      if (r.i < r.lines.length) {
        var ind = indentOf(r, r.i);
        var next = r.lines[r.i].slice(ind);
        if (ind > indent || (ind === indent && (next === '-' || next.slice(0, 2) === '- '))) {
          if (ind === indent) return blockSeq(r, ind);
          return block(r, ind);
        }
      }
      return { kind: 'null', type: 'null', value: null, line: r.i };
    }
    return inlineValue(r, col + (rest.length - rest.replace(/^\s+/, '').length), indent);
  }

  function blockSeq(r, indent) {
    var node = { kind: 'seq', items: [], line: r.i + 1 };
    for (;;) {
      var rest = nextAt(r, indent);
      if (rest === null || !(rest === '-' || rest.slice(0, 2) === '- ')) break;
      var after = rest.slice(1);
      var pad = after.length - after.replace(/^\s+/, '').length;
      var inner = after.slice(pad);
      if (inner === '' || inner[0] === '#') {
        node.items.push(valueAfter(r, indent, indent + 1));
      } else if (inner.slice(0, 2) === '- ' || keyOf(inner, r.i) !== null) {
        // `- key: value`: a mapping (or nested sequence) indented where its first key starts.
        var col = indent + 1 + pad;
        r.lines[r.i] = repeat(' ', col) + inner;
        node.items.push(block(r, col));
      } else {
        node.items.push(inlineValue(r, indent + 1 + pad, indent));
      }
    }
    return node;
  }

  function repeat(s, n) {
    var out = '';
    while (n-- > 0) out += s;
    return out;
  }

  function checkNoSpecial(text, line) {
    var c = text[0];
    if (c === '&' || c === '*' || c === '!' || c === '?' || c === '%' || c === '@' || c === '`' || c === '|' || c === '>') {
      throw new Failure('anchors, aliases, tags and other special YAML are not read by this form (`aima validate` reads them)', line);
    }
  }

  // A value that starts at column `col` of the current line; `indent` is its parent's.
  function inlineValue(r, col, indent) {
    var line = r.lines[r.i];
    var text = line.slice(col);
    var lineNo = r.i + 1;
    var c = text[0];
    if (c === '|' || c === '>') return blockScalar(r, indent, text);
    if (c === '{' || c === '[') {
      var s = { text: text, pos: 0, line: lineNo, start: lineNo, r: r };
      var node = flow(s);
      endOfLine(s);
      r.i += 1;
      return node;
    }
    if (c === '"' || c === "'") {
      var q = { text: text, pos: 0, line: lineNo };
      var value = quoted(q);
      endOfLine(q);
      r.i += 1;
      return { kind: 'scalar', type: 'str', value: value, line: lineNo };
    }
    checkNoSpecial(text, lineNo);
    var plain = text.replace(/(^|\s)#.*$/, '').trim();
    r.i += 1;
    // A plain scalar may go on over lines indented more than its parent.
    while (r.i < r.lines.length && !isBlank(r.lines[r.i]) && indentOf(r, r.i) > indent) {
      var more = r.lines[r.i].trim();
      if (keyOf(more, r.i) !== null) throw new Failure('a mapping cannot start here (check the indentation)', r.i + 1);
      plain += ' ' + more.replace(/(^|\s)#.*$/, '').trim();
      r.i += 1;
    }
    if (/:(\s|$)/.test(plain)) throw new Failure('`: ` inside a plain value: put the value in quotes', lineNo);
    return resolve(plain, lineNo);
  }

  function blockScalar(r, indent, header) {
    var m = /^([|>])([+-]?)\s*(#.*)?$/.exec(header);
    var lineNo = r.i + 1;
    if (!m) throw new Failure('this form reads block scalars written as `|`, `|-`, `>` or `>-`', lineNo);
    r.i += 1;
    var body = [];
    var bodyIndent = -1;
    while (r.i < r.lines.length) {
      var l = r.lines[r.i];
      if (l.trim() === '') { body.push(''); r.i += 1; continue; }
      var ind = indentOf(r, r.i);
      if (ind <= indent) break;
      if (bodyIndent < 0) bodyIndent = ind;
      if (ind < bodyIndent) break;
      body.push(l.slice(bodyIndent));
      r.i += 1;
    }
    var trailing = 0;
    while (body.length && body[body.length - 1] === '') { body.pop(); trailing += 1; }
    var value;
    if (m[1] === '|') value = body.join('\n');
    else {
      value = '';
      body.forEach(function (l, i) {
        if (i === 0) value = l;
        else if (l === '' || body[i - 1] === '') value += '\n' + l;
        else value += ' ' + l;
      });
    }
    if (m[2] === '' && body.length) value += '\n';
    if (m[2] === '+') value += '\n' + repeat('\n', trailing);
    return { kind: 'scalar', type: 'str', value: value, line: lineNo };
  }

  function endOfLine(s) {
    var rest = s.text.slice(s.pos);
    if (rest.trim() !== '' && !/^\s+#/.test(rest)) throw new Failure('unexpected text after the value', s.line);
  }

  function quoted(s) {
    var q = s.text[s.pos];
    var out = '';
    s.pos += 1;
    while (s.pos < s.text.length) {
      var c = s.text[s.pos];
      if (q === "'" && c === "'") {
        if (s.text[s.pos + 1] === "'") { out += "'"; s.pos += 2; continue; }
        s.pos += 1;
        return out;
      }
      if (q === '"' && c === '"') { s.pos += 1; return out; }
      if (q === '"' && c === '\\') { out += escape(s); continue; }
      out += c;
      s.pos += 1;
    }
    throw new Failure('a quoted value must end on its line (write line breaks as \\n)', s.line);
  }

  function escape(s) {
    var c = s.text[s.pos + 1];
    var simple = { '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\x0b', f: '\f', r: '\r',
      e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029' };
    if (Object.prototype.hasOwnProperty.call(simple, c)) { s.pos += 2; return simple[c]; }
    var width = { x: 2, u: 4, U: 8 }[c];
    var digits = width ? s.text.slice(s.pos + 2, s.pos + 2 + width) : '';
    if (!width || !/^[0-9A-Fa-f]+$/.test(digits) || digits.length !== width) {
      throw new Failure('unknown escape `\\' + (c || '') + '` in a quoted value', s.line);
    }
    var cp = parseInt(digits, 16);
    if (cp > 0x10ffff) throw new Failure('escape `\\' + c + digits + '` is not a character', s.line);
    s.pos += 2 + width;
    return String.fromCodePoint(cp);
  }

  // Flow collections, which may go on over lines: `{answer: na, reason: "..."}`, `[a, b]`.
  function flow(s) {
    space(s);
    var c = s.text[s.pos];
    var line = s.line;
    if (c === '{' || c === '[') {
      var map = c === '{';
      var node = map ? { kind: 'map', entries: [], line: line } : { kind: 'seq', items: [], line: line };
      var seen = {};
      s.pos += 1;
      for (;;) {
        space(s);
        if (s.text[s.pos] === (map ? '}' : ']')) { s.pos += 1; return node; }
        if (map) {
          var keyLine = s.line;
          var key = flowScalar(s, true);
          if (key.type === 'null') throw new Failure('a key is missing in `{...}`', keyLine);
          space(s);
          if (s.text[s.pos] !== ':') throw new Failure('expected `:` after `' + key.value + '`', s.line);
          s.pos += 1;
          var k = String(key.value);
          if (seen[k]) throw new Failure('`' + k + '` is given twice', keyLine);
          seen[k] = true;
          node.entries.push({ key: k, value: flow(s), line: keyLine });
        } else {
          node.items.push(flow(s));
        }
        space(s);
        var sep = s.text[s.pos];
        if (sep === ',') s.pos += 1;
        else if (sep !== (map ? '}' : ']')) throw new Failure('expected `,` or `' + (map ? '}' : ']') + '`', s.line);
      }
    }
    return flowScalar(s, false);
  }

  // Skips spaces, comments and line ends inside a flow collection.
  function space(s) {
    for (;;) {
      while (s.pos < s.text.length && (s.text[s.pos] === ' ' || s.text[s.pos] === '\t')) s.pos += 1;
      if (s.pos < s.text.length && s.text[s.pos] !== '#') return;
      if (!s.r || s.r.i + 1 >= s.r.lines.length) throw new Failure('a `{` or `[` is not closed', s.start);
      s.r.i += 1;
      s.text = s.r.lines[s.r.i];
      s.pos = 0;
      s.line = s.r.i + 1;
    }
  }

  function flowScalar(s, isKey) {
    var c = s.text[s.pos];
    var line = s.line;
    if (c === '"' || c === "'") return { kind: 'scalar', type: 'str', value: quoted(s), line: line };
    var start = s.pos;
    while (s.pos < s.text.length) {
      var ch = s.text[s.pos];
      if (ch === ',' || ch === ']' || ch === '}' || ch === '[' || ch === '{') break;
      if (ch === ':' && (isKey || /[\s,\]}]/.test(s.text[s.pos + 1] || ' '))) break;
      if (ch === '#' && /\s/.test(s.text[s.pos - 1] || ' ')) break;
      s.pos += 1;
    }
    var text = s.text.slice(start, s.pos).trim();
    checkNoSpecial(text, line);
    if (isKey) return { kind: 'scalar', type: 'str', value: text, line: line };
    return resolve(text, line);
  }

  // Plain scalars by the YAML 1.2 core schema, as aima resolves them.
  function resolve(text, line) {
    if (text === '' || text === '~' || text === 'null' || text === 'Null' || text === 'NULL') {
      return { kind: 'null', type: 'null', value: null, line: line };
    }
    if (/^(true|True|TRUE|false|False|FALSE)$/.test(text)) {
      return { kind: 'scalar', type: 'bool', value: text[0].toLowerCase() === 't', line: line };
    }
    if (/^[-+]?[0-9]+$/.test(text) || /^0o[0-7]+$/.test(text) || /^0x[0-9a-fA-F]+$/.test(text)) {
      var n = text.slice(0, 2) === '0o' ? parseInt(text.slice(2), 8) : Number(text);
      return { kind: 'scalar', type: 'int', value: n, line: line };
    }
    if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(text) || /^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/.test(text)) {
      return { kind: 'scalar', type: 'float', value: Number(text), line: line };
    }
    return { kind: 'scalar', type: 'str', value: text, line: line };
  }

  // ---- start --------------------------------------------------------------------------

  build();
  paintAll();
  document.addEventListener('keydown', onKey);
  if (!storageOk) {
    warn('This browser does not keep the answers (its storage is off): save the answers file before you close the page.');
  }
  persist();
  if (state.current && ui.questions[state.current]) ui.questions[state.current].article.classList.add('current');
  document.documentElement.setAttribute('data-ready', String(Math.round(performance.now())));
})();
