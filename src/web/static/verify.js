// The 「验证」 button of a published item: the browser itself checks, with
// WebCrypto, that the exact bytes it was served hash to the commitment in the
// record log, that the log entry is included in the signed checkpoint
// (RFC 9162 inclusion proof from /log/proof/<index>, a c2sp.org/tlog-proof),
// and that the checkpoint is signed by the log's Ed25519 key (/log/key).
// Without WebCrypto or Ed25519 it explains the offline way. No third-party code.
(function () {
  'use strict';
  var box = document.querySelector('[data-verify]');
  if (!box) return;
  var button = box.querySelector('[data-verify-button]');
  var steps = box.querySelector('[data-verify-steps]');
  var result = box.querySelector('[data-verify-result]');
  var offline = box.querySelector('[data-verify-offline]');
  var index = Number(box.getAttribute('data-log-index'));
  if (!button || !(index >= 0)) return;
  var enc = new TextEncoder();

  function step(text, ok) {
    var li = document.createElement('li');
    li.className = ok ? 'ok' : 'fail';
    li.textContent = text;
    steps.appendChild(li);
  }

  function finish(ok, text) {
    result.className = 'verify-result ' + (ok ? 'ok' : 'fail');
    result.textContent = text;
    box.setAttribute('data-verify-state', ok ? 'ok' : 'fail');
    button.disabled = false;
  }

  function unsupported(why) {
    result.className = 'verify-result fail';
    result.textContent = why + '请下载包含证明（tlog-proof）离线核验，方法见下方「离线核验方法」。';
    box.setAttribute('data-verify-state', 'unsupported');
    if (offline) offline.open = true;
  }

  var subtle = window.crypto && window.crypto.subtle;
  if (!subtle) {
    unsupported(window.isSecureContext === false
      ? '当前页面不是通过 HTTPS 打开的，浏览器不提供核验所需的加密功能（WebCrypto）。'
      : '当前浏览器不支持核验所需的加密功能（WebCrypto）。');
    return;
  }
  button.hidden = false;

  function hex(buf) {
    var b = new Uint8Array(buf), s = '';
    for (var i = 0; i < b.length; i++) s += (b[i] < 16 ? '0' : '') + b[i].toString(16);
    return s;
  }

  function unb64(s) {
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  function concat(a, b, c) {
    var parts = [a, b, c || new Uint8Array(0)], n = 0, off = 0;
    parts.forEach(function (p) { n += p.length; });
    var out = new Uint8Array(n);
    parts.forEach(function (p) { out.set(p, off); off += p.length; });
    return out;
  }

  function sha256(bytes) {
    return subtle.digest('SHA-256', bytes).then(function (d) { return new Uint8Array(d); });
  }

  function same(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  function get(url, binary) {
    return fetch(url, { cache: 'no-store', credentials: 'omit' }).then(function (r) {
      if (!r.ok) throw new Error('读取 ' + url + ' 失败（HTTP ' + r.status + '）');
      return binary ? r.arrayBuffer() : r.text();
    });
  }

  // c2sp.org/tlog-proof@v1: header, "extra <b64>", "index <n>", the path
  // hashes (base64), an empty line, the checkpoint (a signed note).
  function parseProof(text) {
    var nl = text.indexOf('\n\n');
    if (nl < 0) throw new Error('包含证明格式无效');
    var head = text.slice(0, nl).split('\n'), note = text.slice(nl + 2);
    if (head[0] !== 'c2sp.org/tlog-proof@v1') throw new Error('包含证明格式无效');
    var p = { extra: null, index: -1, path: [], note: note };
    var i = 1;
    if (head[i] && head[i].indexOf('extra ') === 0) p.extra = unb64(head[i++].slice(6));
    if (!head[i] || head[i].indexOf('index ') !== 0) throw new Error('包含证明缺少条目序号');
    p.index = Number(head[i++].slice(6));
    for (; i < head.length; i++) {
      var h = unb64(head[i]);
      if (h.length !== 32) throw new Error('包含证明中的哈希长度无效');
      p.path.push(h);
    }
    return p;
  }

  // The checkpoint note: body "<origin>\n<size>\n<root b64>\n[...]", a blank
  // line, signature lines "— <name> <b64(keyhash(4) || signature)>".
  function parseNote(note) {
    var nl = note.indexOf('\n\n');
    if (nl < 0) throw new Error('检查点格式无效');
    var body = note.slice(0, nl + 1), lines = body.split('\n');
    var sigs = note.slice(nl + 2).split('\n').filter(function (l) { return l.length; });
    var root = unb64(lines[2] || '');
    if (!/^[0-9]+$/.test(lines[1] || '') || root.length !== 32) throw new Error('检查点格式无效');
    return { body: body, origin: lines[0], size: Number(lines[1]), root: root, sigs: sigs };
  }

  // RFC 9162 §2.1.3.2: the root from leaf hash LEAF at INDEX of a tree of SIZE.
  function rootFromPath(leaf, index, size, path) {
    if (index >= size) return Promise.reject(new Error('条目序号超出检查点的树大小'));
    var fn = index, sn = size - 1, r = Promise.resolve(leaf);
    var one = new Uint8Array([1]);
    path.forEach(function (p) {
      r = r.then(function (h) {
        if (sn === 0) throw new Error('包含证明过长');
        var next;
        if (fn % 2 === 1 || fn === sn) {
          next = sha256(concat(one, p, h));
          if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
        } else {
          next = sha256(concat(one, h, p));
        }
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
        return next;
      });
    });
    return r.then(function (h) {
      if (sn !== 0) throw new Error('包含证明过短');
      return h;
    });
  }

  // Verifier key "<name>+<8 hex key id>+<b64(0x01 || 32-byte Ed25519 key)>".
  function parseKey(line) {
    // The base64 may hold '+' too: split at the first two only.
    var m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(line.trim());
    if (!m) throw new Error('日志公钥格式无效');
    var parts = m.slice(1);
    var k = unb64(parts[2]);
    if (k.length !== 33 || k[0] !== 1) throw new Error('日志公钥不是 Ed25519 密钥');
    return { name: parts[0], id: parts[1], key: k.slice(1) };
  }

  function checkSignature(cp, key) {
    var sig = null;
    cp.sigs.forEach(function (l) {
      var m = /^\u2014 (\S+) (\S+)$/.exec(l);
      if (!m || m[1] !== key.name) return;
      var raw = unb64(m[2]);
      if (raw.length === 68 && hex(raw.slice(0, 4)) === key.id) sig = raw.slice(4);
    });
    if (!sig) return Promise.reject(new Error('检查点没有该日志公钥的签名'));
    return subtle.importKey('raw', key.key, { name: 'Ed25519' }, false, ['verify']).then(function (k) {
      return subtle.verify({ name: 'Ed25519' }, k, sig, enc.encode(cp.body));
    }, function () {
      var e = new Error('当前浏览器不支持 Ed25519 签名核验。');
      e.unsupported = true;
      throw e;
    });
  }

  function run() {
    steps.textContent = '';
    result.className = 'verify-result';
    result.textContent = '正在核验……';
    box.removeAttribute('data-verify-state');
    button.disabled = true;
    var salt = box.getAttribute('data-salt'), history = box.getAttribute('data-history');
    var computed, proof, entry, cp;
    Promise.all([
      get(box.getAttribute('data-text-url'), true),
      get('/log/proof/' + index, false),
      get('/log/key', false),
    ]).then(function (got) {
      var bytes = new Uint8Array(got[0]);
      proof = parseProof(got[1]);
      var key = parseKey(got[2]);
      if (!proof.extra) throw new Error('包含证明中没有条目内容');
      if (proof.index !== index) throw new Error('包含证明的条目序号不符');
      entry = new TextDecoder('utf-8', { fatal: true }).decode(proof.extra);
      cp = parseNote(proof.note);
      return sha256(concat(enc.encode(salt), bytes)).then(function (d) {
        computed = hex(d);
        var lines = entry.split('\n');
        var commit = lines.filter(function (l) { return l.indexOf('commit ') === 0; })[0];
        var record = lines.filter(function (l) { return l.indexOf('record ') === 0; })[0];
        if (lines[0] !== 'zhifa-entry/v1' || !commit || !record) throw new Error('日志条目格式无效');
        if (commit.slice(7) !== computed) {
          step('文本哈希不一致：下载的原文算出的承诺值 ' + computed + ' 与日志条目登记的 ' + commit.slice(7) + ' 不同', false);
          throw new Error('原文与登记时不一致');
        }
        if (history && history !== '0' && record !== 'record history:' + history) {
          step('日志条目指向的记录（' + record.slice(7) + '）不是本条公示', false);
          throw new Error('日志条目不属于本条公示');
        }
        step('文本哈希一致：SHA-256(盐值 ‖ 原文) = ' + computed, true);
        return sha256(concat(new Uint8Array([0]), proof.extra));
      }).then(function (leaf) {
        return rootFromPath(leaf, index, cp.size, proof.path);
      }).then(function (root) {
        if (!same(root, cp.root)) {
          step('包含证明不成立：算出的根哈希与检查点不符', false);
          throw new Error('条目未收录于该检查点');
        }
        step('已收录于记录日志第 ' + index + ' 条（检查点共 ' + cp.size + ' 条）', true);
        if (cp.origin !== key.name) throw new Error('检查点的日志名称与公钥不符');
        return checkSignature(cp, key);
      }).then(function (valid) {
        if (!valid) {
          step('检查点签名无效', false);
          throw new Error('检查点签名无效');
        }
        step('检查点签名有效（日志 ' + key.name + '，公钥编号 ' + key.id + '）', true);
        finish(true, '核验通过：本页原文与记录日志登记的内容一字不差。');
      });
    }).catch(function (e) {
      if (e && e.unsupported) {
        button.disabled = false;
        unsupported(e.message);
        return;
      }
      finish(false, '核验未通过：' + (e && e.message ? e.message : String(e)));
    });
  }

  button.addEventListener('click', run);
})();
