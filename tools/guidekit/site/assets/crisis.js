/* guidekit: help in search. A query that asks for crisis help shows the crisis panel above the
 * results; one that seeks eating-disorder harm (purging, starving, pro-ana) shows the
 * eating-disorder help panel instead.
 *
 * The matcher below is the JavaScript twin of guidekit/safety/distressmatch.py: same steps, same
 * order, same model (assets/guidekit/distress-model.js, compiled from
 * guides/_data/distress-terms.yml). tests/test_crisis_parity.py runs both over the whole
 * evaluation set and requires identical verdicts: change one, change the other.
 *
 * Listeners are delegated from `document`, so they survive Material's instant navigation.
 * The file also loads in node (module.exports) for that test.
 */
(function (root) {
  "use strict";

  var MAX_QUERY = 200;
  var LATIN = "latin", HAN = "han", TAMIL = "tamil";
  var APOSTROPHES = "'\u2019\u02bc`\u00b4";

  function isInvisible(cp) {
    return cp === 0x00AD || cp === 0x034F || cp === 0x061C || cp === 0x180E || cp === 0xFEFF ||
      (cp >= 0x200B && cp < 0x2010) || (cp >= 0x202A && cp < 0x202F) ||
      (cp >= 0x2060 && cp < 0x2070);
  }

  function isLower(ch) { return ch >= "a" && ch <= "z"; }
  function isDigit(ch) { return ch >= "0" && ch <= "9"; }

  function script(ch) {
    var cp = ch.codePointAt(0);
    if (isLower(ch) || isDigit(ch)) return LATIN;
    if (cp >= 0x0B80 && cp <= 0x0BFF) return TAMIL;
    if ((cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
        (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF)) return HAN;
    return null;
  }

  function normaliseText(text, model) {
    text = Array.from(text).slice(0, MAX_QUERY).join("");
    // Per character, as Python's str.lower() does (no context-dependent final sigma).
    text = Array.from(text.normalize("NFKC")).map(function (c) { return c.toLowerCase(); }).join("");
    text = Array.from(text.normalize("NFD")).filter(function (ch) {
      var cp = ch.codePointAt(0);
      return !(cp >= 0x0300 && cp <= 0x036F) && !isInvisible(cp);
    }).join("").normalize("NFC");
    var fold = model.fold;
    return Array.from(text).map(function (ch) {
      return Object.prototype.hasOwnProperty.call(fold, ch) ? fold[ch] : ch;
    }).join("");
  }

  function squash(word) {
    var out = "";
    for (var i = 0; i < word.length; i++) {
      if (!out || out[out.length - 1] !== word[i]) out += word[i];
    }
    return out;
  }

  function stripEnds(word, chars) {
    var a = 0, b = word.length;
    while (a < b && chars.indexOf(word[a]) >= 0) a++;
    while (b > a && chars.indexOf(word[b - 1]) >= 0) b--;
    return word.slice(a, b);
  }

  function allChars(text, test) {
    for (var i = 0; i < text.length; i++) if (!test(text[i])) return false;
    return true;
  }

  function anyChar(text, test) {
    for (var i = 0; i < text.length; i++) if (test(text[i])) return true;
    return false;
  }

  function canonicalWord(raw, model) {
    var symbols = model.symbols;
    var word = stripEnds(raw, "!*|+");
    if (!word) return "";
    var hasLetter = anyChar(word, isLower);
    if (!hasLetter && !anyChar(word, function (ch) { return symbols.indexOf(ch) >= 0; })) {
      return word;
    }
    if (word.length >= 4 && word[word.length - 1] === "2" && allChars(word.slice(0, -1), isLower)) {
      word = word.slice(0, -1);
    }
    var leet = model.leet;
    word = Array.from(word).map(function (ch) {
      return Object.prototype.hasOwnProperty.call(leet, ch) ? leet[ch] : ch;
    }).join("");
    model.phonetic.forEach(function (pair) { word = word.split(pair[0]).join(pair[1]); });
    return squash(word);
  }

  function candidates(word, model) {
    var out = [word];
    var stems = [word];
    model.prefixes.forEach(function (p) {
      if (word.indexOf(p[0]) === 0 && word.length - p[0].length >= 3) {
        var stem = p[1] + word.slice(p[0].length);
        stems.push(stem);
        out.push(stem);
      }
    });
    stems.forEach(function (stem) {
      model.suffixes.forEach(function (s) {
        if (stem.length - s[0].length >= 3 && stem.slice(stem.length - s[0].length) === s[0]) {
          out.push(stem.slice(0, stem.length - s[0].length) + s[1]);
        }
      });
    });
    return out;
  }

  function distance(a, b) {
    var rows = [];
    var i, j;
    for (i = 0; i <= a.length; i++) { rows.push(new Array(b.length + 1).fill(0)); rows[i][0] = i; }
    for (j = 0; j <= b.length; j++) rows[0][j] = j;
    for (i = 1; i <= a.length; i++) {
      for (j = 1; j <= b.length; j++) {
        var cost = (a[i - 1] === b[j - 1] || a[i - 1] === "*") ? 0 : 1;
        var best = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          best = Math.min(best, rows[i - 2][j - 2] + 1);
        }
        rows[i][j] = best;
      }
    }
    return rows[a.length][b.length];
  }

  function swapped(a, b) {
    var diff = [];
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
    return diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] &&
      a[diff[1]] === b[diff[0]];
  }

  function wordMatches(token, cands, word, mode, fuzzy) {
    if (mode === "e") return token === word;
    if (mode === "n") return token !== "" && allChars(token, isDigit);
    if (mode === "p") return cands.some(function (c) { return c.indexOf(word) === 0; });
    if (cands.indexOf(word) >= 0) return true;
    if (!fuzzy || !token || (token[0] !== word[0] && token[0] !== "*")) return false;
    var limit;
    if (word.length >= 9) limit = 2;
    else if (word.length >= 6) limit = 1;
    else if (word.length >= 3 && token.length === word.length) {
      limit = (token.indexOf("*") >= 0 || swapped(token, word)) ? 1 : 0;
    } else limit = 0;
    if (token.indexOf("*") < 0 && limit === 0) return false;
    if (Math.abs(token.length - word.length) > limit) return false;
    return distance(token, word) <= limit;
  }

  function items(query, model) {
    var text = normaliseText(query, model);
    var symbols = model.symbols;
    var raw = [];
    var token = "";
    var chars = Array.from(text);
    for (var i = 0; i < chars.length; i++) {
      var ch = chars[i];
      var kind = script(ch);
      var isSymbol = symbols.indexOf(ch) >= 0;
      if (kind === LATIN || (isSymbol && token) ||
          (isSymbol && i + 1 < chars.length && script(chars[i + 1]) === LATIN)) {
        token += ch;
        continue;
      }
      if (APOSTROPHES.indexOf(ch) >= 0 && token && i + 1 < chars.length &&
          script(chars[i + 1]) === LATIN) continue;
      if (token) { raw.push([LATIN, token]); token = ""; }
      if (kind !== null) raw.push([kind, ch]);
    }
    if (token) raw.push([LATIN, token]);
    var joined = [];
    i = 0;
    while (i < raw.length) {
      var j = i;
      while (j < raw.length && raw[j][0] === LATIN && raw[j][1].length === 1) j++;
      if (j - i >= 3) {
        joined.push([LATIN, raw.slice(i, j).map(function (r) { return r[1]; }).join("")]);
        i = j;
      } else {
        joined.push(raw[i]);
        i += 1;
      }
    }
    var out = [];
    joined.forEach(function (pair) {
      if (pair[0] === LATIN) {
        var word = canonicalWord(pair[1], model);
        if (word) {
          var inner = stripEnds(pair[1], "!*|+");
          var disguised = anyChar(pair[1], isLower) && anyChar(inner, function (c) { return !isLower(c); });
          out.push({ kind: LATIN, text: word, cands: candidates(word, model), masked: false,
                     disguised: disguised });
        }
      } else {
        out.push({ kind: pair[0], text: pair[1], cands: [], masked: false, disguised: false });
      }
    });
    return out;
  }

  function Matcher(model) {
    this.model = model;
    this.weights = model.weights;
    // What a concept's forms can start with: Han/Tamil characters, or any Latin token.
    this.starts = model.concepts.map(function (forms) {
      var chars = new Set();
      var latin = false;
      forms.forEach(function (f) {
        if (f.p[0].s !== undefined) chars.add(Array.from(f.p[0].s)[0]);
        else latin = true;
      });
      return [chars, latin];
    });
    this.longest = 1;
    var self = this;
    model.concepts.forEach(function (forms) {
      forms.forEach(function (f) { self.longest = Math.max(self.longest, f.p.length); });
    });
  }

  Matcher.prototype.classify = function (query) {
    var its = items(query, this.model);
    if (!its.length) return [null, null];
    this.ends = new Map();
    this.joinedCache = new Map();
    this.firsts = new Map();
    var rules = this.model.rules;
    var start, r;
    for (r = 0; r < rules.length; r++) {
      if (rules[r].k !== "guard") continue;
      for (start = 0; start < its.length; start++) {
        // Only what the guard's elements matched: a gap may hold a real signal.
        (this.matchRule(its, rules[r], start, true) || []).forEach(function (span) {
          for (var k = span[0]; k < span[1]; k++) its[k].masked = true;
        });
      }
    }
    var kinds = ["crisis", "ed"];
    for (var q = 0; q < kinds.length; q++) {
      for (r = 0; r < rules.length; r++) {
        var rule = rules[r];
        if (rule.k !== kinds[q] || this.vetoed(its, rule)) continue;
        for (start = 0; start < its.length; start++) {
          var spans = this.matchRule(its, rule, start, false);
          if (!spans) continue;
          if (rule.d && !spans.some(function (span) {
            return its.slice(span[0], span[1]).some(function (it) { return it.disguised; });
          })) continue;
          if (rule.w && (spans[0][0] !== 0 || spans[spans.length - 1][1] !== its.length)) continue;
          return [kinds[q], rule.id];
        }
      }
    }
    return [null, null];
  };

  Matcher.prototype.vetoed = function (its, rule) {
    var vetoes = rule.u || [];
    for (var v = 0; v < vetoes.length; v++) {
      for (var start = 0; start < its.length; start++) {
        if (this.conceptEnds(its, vetoes[v], start, false).length) return true;
      }
    }
    return false;
  };

  // Where each element matched when the first starts at `start` ([[start, end], ...]), or null.
  Matcher.prototype.matchRule = function (its, rule, start, ignoreMask) {
    return this.matchFrom(its, rule, 0, start, ignoreMask);
  };

  Matcher.prototype.matchFrom = function (its, rule, index, start, ignoreMask) {
    var ends = this.conceptEnds(its, rule.e[index], start, ignoreMask);
    for (var e = 0; e < ends.length; e++) {
      var end = ends[e];
      if (index + 1 === rule.e.length) return [[start, end]];
      var gap = 0;
      for (var next = end; next <= its.length; next++) {
        if (next > end) gap += this.weights[its[next - 1].kind];
        if (gap > rule.g) break;
        if (next < its.length) {
          var found = this.matchFrom(its, rule, index + 1, next, ignoreMask);
          if (found !== null) return [[start, end]].concat(found);
        }
      }
    }
    return null;
  };

  Matcher.prototype.conceptEnds = function (its, concept, start, ignoreMask) {
    var key = concept + "," + start + "," + ignoreMask;
    if (this.ends.has(key)) return this.ends.get(key);
    var ends = [];
    var first = this.starts[concept];
    var item = its[start];
    if ((item.kind === LATIN && !first[1]) || (item.kind !== LATIN && !first[0].has(item.text))) {
      this.ends.set(key, ends);  // no form of this concept can start here
      return ends;
    }
    var letters = (item.kind === LATIN && item.text[0] !== "*")
      ? new Set(this.firstLetters(its, start)).add(item.text[0]) : null;
    var forms = this.model.concepts[concept];
    for (var f = 0; f < forms.length; f++) {
      var part = forms[f].p[0];
      if (letters !== null && part.w !== undefined && part.m !== "n" && !letters.has(part.w[0])) {
        continue;  // a shortcut: neither the word nor a joined form can match here
      }
      var end = this.matchForm(its, start, forms[f], ignoreMask);
      if (end > start && ends.indexOf(end) < 0) ends.push(end);
    }
    this.ends.set(key, ends);
    return ends;
  };

  function usable(item, ignoreMask) { return ignoreMask || !item.masked; }

  Matcher.prototype.matchForm = function (its, start, form, ignoreMask) {
    var pos = start;
    var ok = true;
    for (var p = 0; p < form.p.length && ok; p++) {
      var part = form.p[p];
      if (part.s !== undefined) {
        var chars = Array.from(part.s);
        for (var c = 0; c < chars.length; c++) {
          if (pos >= its.length || its[pos].kind === LATIN || its[pos].text !== chars[c] ||
              !usable(its[pos], ignoreMask)) { ok = false; break; }
          pos += 1;
        }
      } else {
        var item = pos < its.length ? its[pos] : null;
        if (item === null || item.kind !== LATIN || !usable(item, ignoreMask) ||
            !wordMatches(item.text, item.cands, part.w, part.m, !ignoreMask)) {
          ok = false;
        } else {
          pos += 1;
        }
      }
    }
    if (ok) return pos;
    if (form.a && !ignoreMask) return this.matchApprox(its, start, form.p[0].s);
    return this.matchJoined(its, start, form, ignoreMask);
  };

  // A long Han/Tamil phrase with one typo: same first character, one edit.
  Matcher.prototype.matchApprox = function (its, start, text) {
    var chars = Array.from(text);
    var length = chars.length;
    var counts = [length, length - 1, length + 1];
    for (var c = 0; c < counts.length; c++) {
      var count = counts[c];
      if (start + count > its.length) continue;
      var run = its.slice(start, start + count);
      if (run.some(function (it) { return it.kind === LATIN || it.masked; })) continue;
      var typed = run.map(function (it) { return it.text; });
      if (typed[0] === chars[0] && distance(typed, chars) <= 1) return start + count;
    }
    return -1;
  };

  Matcher.prototype.matchJoined = function (its, start, form, ignoreMask) {
    var joined = form.j;
    if (!joined || !this.firstLetters(its, start).has(joined[0])) return -1;
    var count = form.p.length;
    var text = "";
    for (var k = start; k < Math.min(its.length, start + count + 1); k++) {
      var item = its[k];
      if (item.kind !== LATIN || !usable(item, ignoreMask)) return -1;
      text += item.text;
      if (text.length > joined.length + 2) return -1;
      if (count === 1 && k === start) continue;
      var cached = this.joinedAt(its, start, k);
      var word = cached[0];
      if (cached[1].indexOf(joined) >= 0 || (
          !ignoreMask && joined.length >= 6 && word[0] === joined[0] &&
          Math.abs(word.length - joined.length) <= 1 && distance(word, joined) <= 1)) {
        return k + 1;
      }
    }
    return -1;
  };

  // Tokens start..k as one word, and its stems.
  Matcher.prototype.joinedAt = function (its, start, k) {
    var key = start + "," + k;
    if (!this.joinedCache.has(key)) {
      var w = squash(its.slice(start, k + 1).map(function (it) { return it.text; }).join(""));
      this.joinedCache.set(key, [w, candidates(w, this.model)]);
    }
    return this.joinedCache.get(key);
  };

  // First letters of every stem of every run of tokens from `start` a joined form could match:
  // a form starting with another letter cannot match there (a shortcut only).
  Matcher.prototype.firstLetters = function (its, start) {
    if (!this.firsts.has(start)) {
      var letters = new Set();
      for (var k = start; k < Math.min(its.length, start + this.longest + 1); k++) {
        if (its[k].kind !== LATIN) break;
        this.joinedAt(its, start, k)[1].forEach(function (c) { if (c) letters.add(c[0]); });
      }
      this.firsts.set(start, letters);
    }
    return this.firsts.get(start);
  };

  function classify(query, model) { return new Matcher(model).classify(query); }

  var api = { classify: classify, items: items, normaliseText: normaliseText, Matcher: Matcher };
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
    return;
  }
  root.guidekitCrisis = api;
  if (typeof document === "undefined") return;

  /* ---- The panels in search ------------------------------------------------------------------ */

  var TEMPLATES = { crisis: "guidekit-crisis-template", ed: "guidekit-ed-template" };
  var matcher = null;

  function getMatcher() {
    if (matcher === null && root.guidekitDistressModel) matcher = new Matcher(root.guidekitDistressModel);
    return matcher;
  }

  function helpRegion() {
    // A live region that exists before it is filled, so screen readers announce the panel.
    var result = document.querySelector(".md-search-result");
    if (!result) return null;
    var region = result.querySelector(".guidekit-crisis");
    if (!region) {
      region = document.createElement("div");
      region.className = "guidekit-crisis";
      region.setAttribute("role", "alert");
      region.setAttribute("aria-live", "assertive");
      region.setAttribute("aria-atomic", "true");
      result.insertBefore(region, result.firstChild);
    }
    return region;
  }

  function update(input) {
    var region = helpRegion();
    var m = getMatcher();
    if (!region || !m) return;
    var kind = m.classify(input.value || "")[0];
    var shown = region.getAttribute("data-kind") || null;
    if (kind === shown) return;
    region.textContent = "";
    region.removeAttribute("data-kind");
    document.documentElement.classList.remove("guidekit-crisis-shown");
    var template = kind && document.getElementById(TEMPLATES[kind]);
    if (template) {
      region.appendChild(template.content.cloneNode(true));
      region.setAttribute("data-kind", kind);
      document.documentElement.classList.add("guidekit-crisis-shown");
    }
  }

  function onSearchEvent(event) {
    var input = event.target;
    if (input && input.matches && input.matches(".md-search__input")) update(input);
  }
  document.addEventListener("input", onSearchEvent, true);
  document.addEventListener("keyup", onSearchEvent, true);
  document.addEventListener("focus", onSearchEvent, true);
  document.addEventListener("reset", function (event) {
    var input = event.target.querySelector && event.target.querySelector(".md-search__input");
    if (input) setTimeout(function () { update(input); }, 0);
  }, true);

  function onPage() {
    var input = document.querySelector(".md-search__input");
    if (input) update(input);
  }

  // Material's instant navigation announces each new page on document$; fall back to load.
  if (typeof root.document$ !== "undefined" && root.document$.subscribe) {
    root.document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})(typeof window !== "undefined" ? window : this);
