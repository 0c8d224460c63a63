// The entrance code as a printable A4 poster (150 dpi): 网安联 title, the station's name, the code.
export const POSTER = { width: 1240, height: 1754 };

export async function posterPng(codePng, stationName) {
  const url = URL.createObjectURL(codePng);
  try {
    const image = await new Promise((resolve, reject) => {
      const img = new Image();
      img.onload = () => resolve(img);
      img.onerror = reject;
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = POSTER.width;
    canvas.height = POSTER.height;
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = '#0052d9';
    ctx.fillRect(0, 0, canvas.width, 260);
    ctx.fillStyle = '#ffffff';
    ctx.textAlign = 'center';
    ctx.font = 'bold 96px sans-serif';
    ctx.fillText('网安联', canvas.width / 2, 160);
    ctx.font = '40px sans-serif';
    ctx.fillText('网络安全志愿服务', canvas.width / 2, 225);
    ctx.fillStyle = '#1f1f1f';
    ctx.font = 'bold 72px sans-serif';
    ctx.fillText(stationName, canvas.width / 2, 420, canvas.width - 120);
    const size = 760;
    ctx.drawImage(image, (canvas.width - size) / 2, 520, size, size);
    ctx.font = '44px sans-serif';
    ctx.fillStyle = '#444444';
    ctx.fillText('微信扫码，进入服务站', canvas.width / 2, 1400);
    return await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
