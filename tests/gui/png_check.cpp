// png_check FILE: exits 0 when FILE is a PNG that is not blank (many
// colours, much of it not the background), 1 otherwise. For the headless
// screenshot smoke tests.
#include <cstdio>
#include <set>

#include <stb_image.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: png_check FILE.png\n");
    return 2;
  }
  int w = 0, h = 0, n = 0;
  unsigned char* px = stbi_load(argv[1], &w, &h, &n, 3);
  if (!px) {
    std::fprintf(stderr, "png_check: %s: not a readable PNG\n", argv[1]);
    return 1;
  }
  std::set<unsigned> colors;
  const unsigned bg = (px[0] << 16) | (px[1] << 8) | px[2];
  long differ = 0;
  for (long i = 0; i < static_cast<long>(w) * h; ++i) {
    const unsigned c = (px[i * 3] << 16) | (px[i * 3 + 1] << 8) | px[i * 3 + 2];
    colors.insert(c & 0xF0F0F0);
    differ += c != bg;
  }
  stbi_image_free(px);
  const double share = static_cast<double>(differ) / (static_cast<double>(w) * h);
  std::printf("%s: %dx%d, %zu colour groups, %.1f%% not background\n", argv[1], w, h, colors.size(),
              share * 100);
  if (w < 100 || h < 100 || colors.size() < 40 || share < 0.2) {
    std::fprintf(stderr, "png_check: %s looks blank\n", argv[1]);
    return 1;
  }
  return 0;
}
