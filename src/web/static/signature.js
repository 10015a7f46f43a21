// Signature pads: the party signs with a finger or stylus; the strokes go as
// vector data {"strokes":[[x,y,x,y,...],...],"w":W,"h":H} into the hidden
// input of the field. Without JavaScript the form offers the noted refusal
// with witnesses instead.
(() => {
  const W = 600, H = 200;

  function pad(box) {
    const data = box.querySelector('.signature-data');
    if (!data) return;
    const wrap = document.createElement('div');
    wrap.className = 'signature-pad';
    const canvas = document.createElement('canvas');
    canvas.width = W;
    canvas.height = H;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', '签名区：请在此处签名');
    const clear = document.createElement('button');
    clear.type = 'button';
    clear.className = 'button-quiet';
    clear.textContent = '清除签名';
    wrap.append(canvas, clear);
    data.after(wrap);
    const ctx = canvas.getContext('2d');
    let strokes = [];
    let current = null;
    try {
      const old = JSON.parse(data.value || 'null');
      if (old && Array.isArray(old.strokes)) strokes = old.strokes;
    } catch { strokes = []; }

    function draw() {
      ctx.clearRect(0, 0, W, H);
      ctx.lineWidth = 3;
      ctx.lineCap = 'round';
      ctx.lineJoin = 'round';
      ctx.strokeStyle = '#111';
      for (const s of strokes) {
        ctx.beginPath();
        for (let i = 0; i + 1 < s.length; i += 2) {
          if (i === 0) ctx.moveTo(s[0], s[1]); else ctx.lineTo(s[i], s[i + 1]);
        }
        if (s.length === 2) ctx.lineTo(s[0] + 0.5, s[1] + 0.5);
        ctx.stroke();
      }
    }
    function save() {
      data.value = strokes.length ? JSON.stringify({ strokes, w: W, h: H }) : '';
    }
    function point(e) {
      const r = canvas.getBoundingClientRect();
      return [Math.round((e.clientX - r.left) * W / r.width), Math.round((e.clientY - r.top) * H / r.height)];
    }
    canvas.addEventListener('pointerdown', (e) => {
      canvas.setPointerCapture(e.pointerId);
      current = point(e);
      strokes.push(current);
      draw();
    });
    canvas.addEventListener('pointermove', (e) => {
      if (!current) return;
      current.push(...point(e));
      draw();
    });
    const end = () => {
      if (current) save();
      current = null;
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
    clear.addEventListener('click', () => {
      strokes = [];
      save();
      draw();
    });
    draw();
  }

  document.addEventListener('DOMContentLoaded', () => {
    for (const box of document.querySelectorAll('[data-signature]')) pad(box);
  });
})();
