// Resumable evidence uploads (tus 1.0, our own small client): the file goes up
// in chunks with a SHA-256 checksum each, a progress bar shows percent and
// speed, pause/resume, automatic retries after network errors, and resuming
// after a page reload. When the upload is complete its id goes into the attach
// form and 保存 is enabled. Without JavaScript the form posts the file itself.
(() => {
  const form = document.getElementById('ev-form');
  if (!form || !window.XMLHttpRequest || !window.Blob || !Blob.prototype.slice) return;
  const file = form.querySelector('input[type=file]');
  const idField = form.querySelector('input[name=upload_id]');
  const csrf = (form.querySelector('input[name=csrf]') || {}).value || '';
  const save = form.querySelector('#ev-save');
  const box = form.querySelector('.upload-status');
  const bar = box.querySelector('progress');
  const pct = box.querySelector('.upload-percent');
  const speed = box.querySelector('.upload-speed');
  const msg = box.querySelector('.upload-msg');
  const pauseBtn = box.querySelector('[data-upload=pause]');
  const resumeBtn = box.querySelector('[data-upload=resume]');
  const endpoint = form.dataset.tus;
  const MB = 1024 * 1024;

  // With JavaScript the form only attaches: the bytes go through tus.
  form.action = form.dataset.attachAction;
  form.enctype = 'application/x-www-form-urlencoded';
  file.removeAttribute('name');
  if (!idField.value) save.disabled = true;

  let up = null; // the upload in progress

  function say(text, bad) {
    msg.textContent = text;
    msg.classList.toggle('field-error', !!bad);
  }
  function show(offset, size) {
    const p = size ? Math.floor(offset * 100 / size) : 100;
    bar.value = p;
    bar.textContent = `${p}%`;
    pct.textContent = `${p}%`;
    if (up && up.started && offset > up.startOffset) {
      const secs = (performance.now() - up.started) / 1000;
      if (secs > 0.2) speed.textContent = `${((offset - up.startOffset) / MB / secs).toFixed(1)} MB/s`;
    }
  }
  function b64(s) {
    return btoa(unescape(encodeURIComponent(s)));
  }
  function storeKey(f) {
    return `zf-upload:${f.name}:${f.size}:${f.lastModified}`;
  }
  function errorText(xhr, fallback) {
    try {
      const j = JSON.parse(xhr.responseText);
      if (j && j.error && j.error.message) return j.error.message;
    } catch { /* not JSON */ }
    return fallback;
  }
  function request(method, url, headers, body, onprogress) {
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      up.xhr = xhr;
      xhr.open(method, url);
      xhr.setRequestHeader('Tus-Resumable', '1.0.0');
      if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
      for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
      if (onprogress) xhr.upload.onprogress = onprogress;
      xhr.onload = () => resolve(xhr);
      xhr.onerror = () => resolve(xhr);
      xhr.onabort = () => resolve(xhr);
      xhr.send(body);
    });
  }
  async function checksum(blob) {
    if (!window.crypto || !crypto.subtle || !blob.arrayBuffer) return null;
    try {
      const d = new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()));
      let s = '';
      for (const b of d) s += String.fromCharCode(b);
      return btoa(s);
    } catch { return null; }
  }
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  function done() {
    idField.value = up.url.replace(/.*\//, '');
    save.disabled = false;
    pauseBtn.hidden = true;
    resumeBtn.hidden = true;
    show(up.file.size, up.file.size);
    say('上传完成，请核对信息后点击“保存”。');
    form.dispatchEvent(new CustomEvent('zf-upload-complete', { detail: { url: up.url } }));
  }

  // Fails the upload with TEXT; the user may choose the file again.
  function fail(text) {
    up.failed = true;
    pauseBtn.hidden = true;
    resumeBtn.hidden = true;
    say(text, true);
  }

  async function create(f) {
    const meta = `filename ${b64(f.name)}` + (f.type ? `,filetype ${b64(f.type)}` : '');
    const xhr = await request('POST', endpoint, { 'Upload-Length': String(f.size), 'Upload-Metadata': meta }, null);
    if (xhr.status === 201 && xhr.getResponseHeader('Location')) {
      up.url = new URL(xhr.getResponseHeader('Location'), location.href).pathname;
      try { localStorage.setItem(storeKey(f), up.url); } catch { /* private mode */ }
      return 0;
    }
    return xhr;
  }

  // The server's offset of the upload, or -1 when it is gone, -2 on a network error.
  async function head() {
    const xhr = await request('HEAD', up.url, {}, null);
    if (xhr.status === 200 || xhr.status === 204) return Number(xhr.getResponseHeader('Upload-Offset'));
    if (xhr.status === 404 || xhr.status === 410 || xhr.status === 403) return -1;
    return -2;
  }

  async function run() {
    const u = up;
    const f = u.file;
    let tries = 0, bad = 0;
    u.started = performance.now();
    u.startOffset = u.offset;
    while (!u.paused && !u.failed && up === u) {
      if (u.offset >= f.size) return done();
      const end = Math.min(f.size, u.offset + u.chunk);
      const chunk = f.slice(u.offset, end);
      const sum = await checksum(chunk);
      if (u.paused || up !== u) return;
      const headers = { 'Content-Type': 'application/offset+octet-stream', 'Upload-Offset': String(u.offset) };
      if (sum) headers['Upload-Checksum'] = `sha256 ${sum}`;
      const base = u.offset;
      const xhr = await request('PATCH', u.url, headers, chunk, (e) => show(base + e.loaded, f.size));
      if (u.paused || up !== u) return;
      if (xhr.status === 204) {
        u.offset = Number(xhr.getResponseHeader('Upload-Offset'));
        tries = 0;
        bad = 0;
        show(u.offset, f.size);
        continue;
      }
      if (xhr.status === 460 && ++bad <= 3) { say('数据校验不符，正在重传这一段……'); continue; }
      if (xhr.status === 413) return fail(errorText(xhr, '文件过大，超过允许的上限。'));
      if (xhr.status === 415 || xhr.status === 422 || xhr.status === 400) return fail(errorText(xhr, '服务器拒绝了这个文件。'));
      if (xhr.status === 403) return fail(errorText(xhr, '没有上传权限，或登录已过期，请重新登录后再试。'));
      // Network errors, 409 (offset), 423 (busy), 5xx: wait, ask for the offset, go on.
      tries++;
      const wait = Math.min(30000, 1000 * 2 ** Math.min(tries - 1, 5));
      say(xhr.status === 423 ? '上传正由另一请求处理，稍后继续……' :
        `网络中断，${Math.round(wait / 1000)} 秒后自动重试（第 ${tries} 次）……`, xhr.status !== 423);
      await sleep(wait);
      if (u.paused || up !== u) return;
      const off = await head();
      if (off === -1) {
        try { localStorage.removeItem(storeKey(f)); } catch { /* ignore */ }
        return fail('上传已失效（可能已过期），请重新选择文件。');
      }
      if (off >= 0) { u.offset = off; say('已恢复连接，继续上传……'); }
    }
  }

  async function start(f) {
    if (up && up.xhr) { up.paused = true; up.xhr.abort(); }
    idField.value = '';
    save.disabled = true;
    box.hidden = false;
    pauseBtn.hidden = false;
    resumeBtn.hidden = true;
    speed.textContent = '';
    up = { file: f, offset: 0, chunk: Math.max(65536, Number(form.dataset.chunkSize) || 8 * MB), paused: false, failed: false };
    show(0, f.size);
    let saved = null;
    try { saved = localStorage.getItem(storeKey(f)); } catch { /* ignore */ }
    if (saved) {
      up.url = saved;
      const off = await head();
      if (off >= 0) {
        up.offset = off;
        say(off ? '从上次中断处继续上传……' : '正在上传……');
        return run();
      }
      try { localStorage.removeItem(storeKey(f)); } catch { /* ignore */ }
    }
    say('正在上传……');
    const xhr = await create(f);
    if (!xhr) return run();
    if (xhr.status === 413) return fail(errorText(xhr, '文件过大，超过允许的上限。'));
    if (xhr.status === 0) return fail('网络不通，无法开始上传，请检查网络后重新选择文件。');
    return fail(errorText(xhr, `无法开始上传（${xhr.status}）。`));
  }

  file.addEventListener('change', () => {
    const f = file.files && file.files[0];
    if (!f) return;
    const kind = form.querySelector('select[name=kind]');
    if (kind && !kind.value) {
      const t = f.type || '';
      kind.value = t.startsWith('video/') ? 'video' : t.startsWith('audio/') ? 'audio' :
        t.startsWith('image/') ? 'photo' : t === 'application/pdf' ? 'scan' : '';
    }
    start(f);
  });
  pauseBtn.addEventListener('click', () => {
    if (!up) return;
    up.paused = true;
    if (up.xhr) up.xhr.abort();
    pauseBtn.hidden = true;
    resumeBtn.hidden = false;
    say('已暂停。');
  });
  resumeBtn.addEventListener('click', async () => {
    if (!up || !up.url) return;
    resumeBtn.hidden = true;
    pauseBtn.hidden = false;
    up.paused = false;
    const off = await head();
    if (off === -1) return fail('上传已失效（可能已过期），请重新选择文件。');
    if (off >= 0) up.offset = off;
    say('继续上传……');
    run();
  });
  form.addEventListener('submit', (e) => {
    if (!idField.value) {
      e.preventDefault();
      say(up ? '文件尚未上传完成，请稍候。' : '请先选择要上传的文件。', true);
      return;
    }
    if (up) try { localStorage.removeItem(storeKey(up.file)); } catch { /* ignore */ }
  });

  // "Use my location": coordinates from the device, when it has them.
  const geo = form.querySelector('[data-geolocate]');
  if (geo && navigator.geolocation) {
    geo.hidden = false;
    const note = form.querySelector('.geo-msg');
    geo.addEventListener('click', () => {
      note.textContent = '正在获取位置……';
      navigator.geolocation.getCurrentPosition((p) => {
        form.querySelector('input[name=lat]').value = p.coords.latitude.toFixed(6);
        form.querySelector('input[name=lon]').value = p.coords.longitude.toFixed(6);
        note.textContent = `已填入当前位置（精度约 ${Math.round(p.coords.accuracy)} 米）。`;
      }, () => { note.textContent = '无法获取位置，请手工填写或留空。'; },
      { enableHighAccuracy: true, timeout: 15000 });
    });
  }
})();
