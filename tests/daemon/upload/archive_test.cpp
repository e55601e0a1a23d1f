#include "upload/archive.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>

namespace upload {
namespace {

namespace fs = std::filesystem;

const char* const kPython = "/usr/bin/python3";

// Shared by every script: argv[1] is where the archive goes.
constexpr std::string_view kPrelude = R"py(
import io, os, shutil, struct, sys, tarfile, warnings, zipfile
warnings.simplefilter('ignore')
out = sys.argv[1]
LOCAL, CENTRAL, END = b'PK\x03\x04', b'PK\x01\x02', b'PK\x05\x06'

def save(data):
    with open(out, 'wb') as f:
        f.write(data)

def zip_of(members, compression=zipfile.ZIP_DEFLATED):
    b = io.BytesIO()
    with zipfile.ZipFile(b, 'w', compression) as z:
        for info, data in members:
            z.writestr(info, data)
    return b.getvalue()

def unix_info(name, mode):
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = mode << 16
    return info

def tar_of(members, fmt=tarfile.PAX_FORMAT, mode='w'):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode=mode, format=fmt) as t:
        for info, data in members:
            if data is not None:
                info.size = len(data)
            t.addfile(info, io.BytesIO(data) if data is not None else None)
    return b.getvalue()

def tinfo(name, kind=tarfile.REGTYPE, **fields):
    info = tarfile.TarInfo(name)
    info.type = kind
    for key, value in fields.items():
        setattr(info, key, value)
    return info

def patch_all(data, signature, offset, fmt, value):
    b = bytearray(data)
    at = b.find(signature)
    while at >= 0:
        struct.pack_into(fmt, b, at + offset, value)
        at = b.find(signature, at + 1)
    return bytes(b)

def patch_last(data, signature, offset, fmt, value):
    b = bytearray(data)
    struct.pack_into(fmt, b, b.rfind(signature) + offset, value)
    return bytes(b)

def end_record(data):
    at = data.rfind(END)
    count, size, offset = struct.unpack_from('<HII', data, at + 10)
    return at, count, size, offset
)py";

fs::path gcd_package() {
  return fs::path(__FILE__).parent_path() / "../../../problems/coding/gcd";
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// Relative path -> content of every regular file under root; links and
// other kinds are recorded so that a comparison fails on them.
std::map<std::string, std::string> read_tree(const fs::path& root) {
  std::map<std::string, std::string> tree;
  for (const auto& item : fs::recursive_directory_iterator(root)) {
    const std::string relative = fs::relative(item.path(), root).string();
    if (item.is_symlink()) {
      tree[relative] = "<symlink>";
    } else if (item.is_regular_file()) {
      tree[relative] = read_bytes(item.path());
    } else if (!item.is_directory()) {
      tree[relative] = "<special>";
    }
  }
  return tree;
}

// Runs a program to completion; its exit status, or -1.
int run(const std::vector<std::string>& argv, const fs::path& cwd = {}) {
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  const pid_t child = fork();
  if (child == 0) {
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(126);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  if (child < 0 || waitpid(child, &status, 0) != child) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class Upload : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "upload-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    scratch_ = pattern;
    out_ = scratch_ / "out";
    dest_ = out_ / "dest";
    fs::create_directories(dest_);
  }
  void TearDown() override { fs::remove_all(scratch_); }

  // Runs the prelude and `script` with the archive's path and `args`;
  // returns the archive it saved.
  std::string python(const std::string& script, const std::vector<std::string>& args = {}) {
    const fs::path archive = scratch_ / "archive";
    std::vector<std::string> argv{kPython, "-c", std::string(kPrelude) + script, archive.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    EXPECT_EQ(run(argv), 0) << script;
    return read_bytes(archive);
  }

  // The real package, archived with its folder by Python's shutil.
  std::string archived_gcd(const std::string& format) {
    return python(R"py(
made = shutil.make_archive(out + '.tmp', sys.argv[2], root_dir=sys.argv[3], base_dir='gcd')
os.replace(made, out)
)py",
                  {format, gcd_package().parent_path().string()});
  }

  std::variant<Unpacked, UnpackError> unpack_bytes(const std::string& bytes,
                                                   const Limits& limits = {}) {
    return unpack(bytes, dest_, limits);
  }

  // Refused with a message containing `expected`, and nothing left behind.
  ::testing::AssertionResult refused(const std::variant<Unpacked, UnpackError>& result,
                                     std::string_view expected) {
    const auto* error = std::get_if<UnpackError>(&result);
    if (error == nullptr) {
      return ::testing::AssertionFailure()
             << "unpacked " << std::get<Unpacked>(result).files << " files, expected a refusal";
    }
    if (error->message.find(expected) == std::string::npos) {
      return ::testing::AssertionFailure() << "message: " << error->message;
    }
    if (!fs::is_empty(dest_)) return ::testing::AssertionFailure() << "dest is not empty";
    return ::testing::AssertionSuccess() << error->message;
  }

  void reset_dest() {
    fs::remove_all(out_);
    fs::create_directories(dest_);
  }

  fs::path scratch_, out_, dest_;
};

const Unpacked& unpacked(const std::variant<Unpacked, UnpackError>& result) {
  if (const auto* error = std::get_if<UnpackError>(&result)) {
    ADD_FAILURE() << "refused: " << error->message;
    static const Unpacked kNothing;
    return kNothing;
  }
  return std::get<Unpacked>(result);
}

std::size_t total_size(const std::map<std::string, std::string>& tree) {
  std::size_t bytes = 0;
  for (const auto& [path, content] : tree) bytes += content.size();
  return bytes;
}

// ---------------------------------------------------------------- honest archives

class RealPackage : public Upload, public ::testing::WithParamInterface<std::string> {};

TEST_P(RealPackage, UnpacksEveryFileIdenticallyAndStripsItsFolder) {
  const std::string archive = archived_gcd(GetParam());
  const auto result = unpack_bytes(archive);
  const Unpacked& done = unpacked(result);
  const auto expected = read_tree(gcd_package());
  EXPECT_EQ(done.root, "gcd");
  EXPECT_EQ(done.files, expected.size());
  EXPECT_EQ(done.bytes, total_size(expected));
  EXPECT_EQ(read_tree(dest_), expected);
}

INSTANTIATE_TEST_SUITE_P(Formats, RealPackage, ::testing::Values("zip", "tar", "gztar"));

TEST_F(Upload, DetectsTheFormatByMagicBytes) {
  EXPECT_EQ(detect_format(archived_gcd("zip")), Format::Zip);
  EXPECT_EQ(detect_format(archived_gcd("tar")), Format::Tar);
  EXPECT_EQ(detect_format(archived_gcd("gztar")), Format::TarGzip);
  EXPECT_EQ(detect_format(python("save(zip_of([]))")), Format::Zip);
  EXPECT_EQ(detect_format("name: not an archive\n"), Format::Unknown);
  EXPECT_EQ(detect_format(""), Format::Unknown);
  EXPECT_EQ(detect_format(std::string(10240, '\0')), Format::Unknown);
}

TEST_F(Upload, InfoZipArchiveOfThePackage) {
  if (!fs::exists("/usr/bin/zip")) GTEST_SKIP() << "no /usr/bin/zip";
  const fs::path archive = scratch_ / "gcd.zip";
  ASSERT_EQ(run({"/usr/bin/zip", "-q", "-r", archive.string(), "gcd"}, gcd_package().parent_path()),
            0);
  const auto result = unpack_bytes(read_bytes(archive));
  EXPECT_EQ(unpacked(result).root, "gcd");
  EXPECT_EQ(read_tree(dest_), read_tree(gcd_package()));
}

TEST_F(Upload, GnuTarGzipWithDotSlashNamesKeepsNoRoot) {
  if (!fs::exists("/usr/bin/tar")) GTEST_SKIP() << "no /usr/bin/tar";
  const fs::path archive = scratch_ / "gcd.tar.gz";
  ASSERT_EQ(run({"/usr/bin/tar", "-C", gcd_package().string(), "-czf", archive.string(), "."}), 0);
  const auto result = unpack_bytes(read_bytes(archive));
  EXPECT_EQ(unpacked(result).root, "");
  EXPECT_EQ(read_tree(dest_), read_tree(gcd_package()));
}

TEST_F(Upload, ZipWithDataDescriptorsReliesOnTheCentralDirectory) {
  const std::string archive = python(R"py(
class Unseekable:
    def __init__(self): self.data = bytearray()
    def write(self, chunk): self.data += chunk; return len(chunk)
    def flush(self): pass
stream = Unseekable()
with zipfile.ZipFile(stream, 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('pkg/a.in', b'1 2\n' * 1000)
    z.writestr('pkg/b.in', b'')
    z.writestr('pkg/c.in', b'three')
data = bytes(stream.data)
assert all(i.flag_bits & 8 for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
save(data)
)py");
  const auto result = unpack_bytes(archive);
  EXPECT_EQ(unpacked(result).files, 3U);
  const std::map<std::string, std::string> expected{{"a.in",
                                                     [] {
                                                       std::string text;
                                                       for (int i = 0; i < 1000; ++i)
                                                         text += "1 2\n";
                                                       return text;
                                                     }()},
                                                    {"b.in", ""},
                                                    {"c.in", "three"}};
  EXPECT_EQ(read_tree(dest_), expected);
}

TEST_F(Upload, StoredZipWithAnEmptyFolder) {
  const std::string archive = python(R"py(
save(zip_of([('pkg/', b''), ('pkg/data/empty/', b''), ('pkg/problem.yaml', b'name: x\n')],
            zipfile.ZIP_STORED))
)py");
  const auto result = unpack_bytes(archive);
  EXPECT_EQ(unpacked(result).root, "pkg");
  EXPECT_TRUE(fs::is_directory(dest_ / "data/empty"));
  EXPECT_EQ(read_bytes(dest_ / "problem.yaml"), "name: x\n");
}

TEST_F(Upload, ModesAreFixedWhateverTheArchiveAndUmaskSay) {
  const std::string archive = python(R"py(
save(zip_of([(unix_info('pkg/run.py', 0o100777), b'print(1)\n'),
             (unix_info('pkg/data/', 0o40700), b''),
             (unix_info('pkg/data/secret/1.in', 0o100600), b'1\n')]))
)py");
  const mode_t previous = umask(077);
  const auto result = unpack_bytes(archive);
  umask(previous);
  ASSERT_EQ(unpacked(result).files, 2U);
  const auto mode = [](const fs::path& path) {
    struct stat info {};
    EXPECT_EQ(lstat(path.c_str(), &info), 0);
    return info.st_mode & 07777;
  };
  EXPECT_EQ(mode(dest_ / "run.py"), 0644U);
  EXPECT_EQ(mode(dest_ / "data"), 0755U);
  EXPECT_EQ(mode(dest_ / "data/secret"), 0755U);
  EXPECT_EQ(mode(dest_ / "data/secret/1.in"), 0644U);
}

TEST_F(Upload, LongNamesInGnuPaxAndUstarTars) {
  const std::string folder = "pkg/" + std::string(60, 'd');
  const std::string file = std::string(80, 'f') + ".in";
  const std::string path = folder + "/" + file;
  for (const char* format : {"GNU", "PAX", "USTAR"}) {
    SCOPED_TRACE(format);
    const std::string archive = python(R"py(
fmt, name = sys.argv[2], sys.argv[3]
data = tar_of([(tinfo(name), b'long\n')], getattr(tarfile, fmt + '_FORMAT'))
assert (b'././@LongLink' in data) == (fmt == 'GNU')
assert (b' path=' in data) == (fmt == 'PAX')
save(data)
)py",
                                       {format, path});
    reset_dest();
    const auto result = unpack_bytes(archive);
    EXPECT_EQ(unpacked(result).root, "pkg");
    EXPECT_EQ(read_bytes(dest_ / std::string(60, 'd') / file), "long\n");
  }
}

TEST_F(Upload, PaxPathAndSizeOverrideTheUstarHeader) {
  // The ustar header says "decoy.in" of 0 bytes; only the pax records give
  // the real name and size, and the next entry is found only through them.
  const std::string archive = python(R"py(
first = tinfo('pkg/decoy.in')
first.pax_headers = {'path': 'pkg/real.in', 'size': '5'}
data = bytearray(tar_of([(first, b'hello'), (tinfo('pkg/next.in'), b'next')]))
header = tarfile.open(fileobj=io.BytesIO(bytes(data))).getmembers()[0].offset_data - 512
data[header + 124:header + 136] = b'00000000000\0'
data[header + 148:header + 156] = b'        '
data[header + 148:header + 156] = b'%06o\0 ' % sum(data[header:header + 512])
save(bytes(data))
)py");
  const auto result = unpack_bytes(archive);
  const std::map<std::string, std::string> expected{{"real.in", "hello"}, {"next.in", "next"}};
  EXPECT_EQ(unpacked(result).files, 2U);
  EXPECT_EQ(read_tree(dest_), expected);
}

TEST_F(Upload, GlobalPaxHeaderLikeGitArchiveIsAccepted) {
  const std::string archive = python(R"py(
b = io.BytesIO()
with tarfile.open(fileobj=b, mode='w', format=tarfile.PAX_FORMAT,
                  pax_headers={'comment': '51da893'}) as t:
    info = tinfo('pkg/problem.yaml'); info.size = 4
    t.addfile(info, io.BytesIO(b'a: 1'))
assert b'comment=51da893' in b.getvalue()
save(b.getvalue())
)py");
  const auto result = unpack_bytes(archive);
  EXPECT_EQ(unpacked(result).files, 1U);
  EXPECT_EQ(read_bytes(dest_ / "problem.yaml"), "a: 1");
}

TEST_F(Upload, MacResourceForksAreSkipped) {
  const std::string archive = python(R"py(
save(zip_of([('gcd/problem.yaml', b'name: g\n'), ('__MACOSX/', b''),
             ('__MACOSX/gcd/._problem.yaml', b'\0\5\26\7')]))
)py");
  const auto result = unpack_bytes(archive);
  EXPECT_EQ(unpacked(result).root, "gcd");
  const std::map<std::string, std::string> expected{{"problem.yaml", "name: g\n"}};
  EXPECT_EQ(read_tree(dest_), expected);
}

TEST_F(Upload, WriteFilesStripsTheCommonFolder) {
  const std::vector<std::pair<std::string, std::string>> files{
      {"swap/problem.yaml", "name: s\n"},
      {"swap/data/sample/01.in", "aB\n"},
      {"swap/data/sample/01.ans", "Ab\n"},
      {"swap/données/résumé-数据.md", "utf-8 is fine\n"},
      {"swap/empty.txt", ""}};
  const auto result = write_files(files, dest_);
  const Unpacked& done = unpacked(result);
  EXPECT_EQ(done.root, "swap");
  EXPECT_EQ(done.files, 5U);
  EXPECT_EQ(done.bytes, 28U);
  EXPECT_EQ(read_bytes(dest_ / "data/sample/01.ans"), "Ab\n");
  EXPECT_EQ(read_bytes(dest_ / "données/résumé-数据.md"), "utf-8 is fine\n");
}

TEST_F(Upload, ALoneFileKeepsItsPlace) {
  const auto result = write_files({{"python-basics.yaml", "questions: []\n"}}, dest_);
  EXPECT_EQ(unpacked(result).root, "");
  EXPECT_EQ(read_bytes(dest_ / "python-basics.yaml"), "questions: []\n");
}

TEST_F(Upload, AFolderListedAfterItsContentIsNoDuplicate) {
  const auto result = unpack_bytes(python(R"py(
save(tar_of([(tinfo('p/a/x.in'), b'1'), (tinfo('p/a', tarfile.DIRTYPE), None),
             (tinfo('p/b.in'), b'2')]))
)py"));
  EXPECT_EQ(unpacked(result).files, 2U);
}

// ---------------------------------------------------------------- refusals: anything

TEST_F(Upload, RefusesWhatIsNoArchive) {
  const auto result = unpack_bytes("name: looks like yaml\n");
  ASSERT_TRUE(refused(result, "not a zip, tar or gzip archive"));
  EXPECT_EQ(std::get<UnpackError>(result).message, "not a zip, tar or gzip archive");
}

TEST_F(Upload, RefusesADestThatIsNotEmptyAndLeavesItAlone) {
  std::ofstream(dest_ / "mine.txt") << "keep";
  const auto result = write_files({{"a.in", "1"}}, dest_);
  ASSERT_TRUE(std::holds_alternative<UnpackError>(result));
  EXPECT_NE(std::get<UnpackError>(result).message.find("is not empty"), std::string::npos);
  EXPECT_EQ(read_bytes(dest_ / "mine.txt"), "keep");
}

TEST_F(Upload, RefusesADestThatIsALink) {
  const fs::path link = out_ / "link";
  fs::create_directory_symlink(dest_, link);
  const auto result = write_files({{"a.in", "1"}}, link);
  ASSERT_TRUE(refused(result, "cannot open the staging folder"));
}

TEST_F(Upload, RefusesAnUploadWithoutFiles) {
  EXPECT_TRUE(refused(write_files({}, dest_), "the upload holds no files"));
  EXPECT_TRUE(
      refused(unpack_bytes(python("save(zip_of([('pkg/', b'')]))")), "the upload holds no files"));
}

struct HostileName {
  std::string name;
  std::string problem;
};

// Test names show the name refused, escaped, instead of the struct's bytes.
void PrintTo(const HostileName& hostile, std::ostream* out) {
  *out << "'";
  for (const unsigned char c : hostile.name) {
    if (c >= 0x20 && c < 0x7f) {
      *out << c;
    } else {
      constexpr const char* kHex = "0123456789abcdef";
      *out << "\\x" << kHex[c >> 4] << kHex[c & 15];
    }
  }
  *out << "'";
}

class HostileNames : public Upload, public ::testing::WithParamInterface<HostileName> {};

TEST_P(HostileNames, AreRefusedByWriteFilesWithTheirReason) {
  const auto result = write_files({{"ok/fine.in", "1"}, {GetParam().name, "x"}}, dest_);
  EXPECT_TRUE(refused(result, GetParam().problem));
}

INSTANTIATE_TEST_SUITE_P(
    Names, HostileNames,
    ::testing::Values(
        HostileName{"data/../x", "entry 'data/../x': a path may not contain '..'"},
        HostileName{"..", "a path may not contain '..'"},
        HostileName{"/etc/cron.d/x", "entry '/etc/cron.d/x': a path may not be absolute"},
        HostileName{"data\\x.in", "a path may not contain a backslash"},
        HostileName{std::string("a\0b", 3), "entry 'a\\x00b': a path may not contain a NUL byte"},
        HostileName{"a//b", "a path may not contain an empty component"},
        HostileName{"", "a name may not be empty"},
        HostileName{"dir/", "a file's name may not end with '/'"},
        HostileName{".", "a file needs a name"},
        HostileName{"caf\xe9.in", "entry 'caf\\xE9.in': the name is not valid UTF-8"},
        HostileName{"\xc0\xaf", "the name is not valid UTF-8"},      // an overlong '/'
        HostileName{"\xed\xa0\x80", "the name is not valid UTF-8"},  // a surrogate
        HostileName{"\xf4\x90\x80\x80", "the name is not valid UTF-8"},
        HostileName{"tab\there", "the name contains the unprintable character U+0009"},
        HostileName{"\x1b[31mred", "entry '\\x1B[31mred': the name contains the unprintable"},
        HostileName{"del\x7f", "unprintable character U+007F"},
        HostileName{"c1\xc2\x85", "unprintable character U+0085"},
        HostileName{"evil\xe2\x80\xaetxt.py", "unprintable character U+202E"},
        HostileName{"zero\xe2\x80\x8bwidth", "unprintable character U+200B"},
        HostileName{"ok/fine.in", "entry 'ok/fine.in': a duplicate of 'ok/fine.in'"},
        HostileName{"./ok/fine.in", "entry './ok/fine.in': a duplicate of 'ok/fine.in'"},
        HostileName{"ok/fine.in/x",
                    "entry 'ok/fine.in/x': it would sit inside the file 'ok/fine.in'"},
        HostileName{"ok", "entry 'ok': the same path as a folder in 'ok/fine.in'"}));

TEST_F(Upload, MessagesCutVeryLongNames) {
  const std::string name(5000, 'n');
  const auto result = write_files({{name, "x"}}, dest_);
  ASSERT_TRUE(refused(result, "over the limit of 200"));
  EXPECT_LT(std::get<UnpackError>(result).message.size(), 300U);
}

TEST_F(Upload, RefusesPathsOverTheLengthAndDepthLimits) {
  const std::string longest(200, 'p');
  EXPECT_TRUE(std::holds_alternative<Unpacked>(write_files({{longest, "x"}}, dest_)));
  reset_dest();
  EXPECT_TRUE(refused(write_files({{longest + "q", "x"}}, dest_),
                      "the path is 201 bytes long, over the limit of 200"));
  const std::vector<std::pair<std::string, std::string>> deep{{"top.txt", ""},
                                                              {"1/2/3/4/5/6/7/8.in", ""}};
  EXPECT_TRUE(std::holds_alternative<Unpacked>(write_files(deep, dest_)));
  reset_dest();
  EXPECT_TRUE(refused(write_files({{"top.txt", ""}, {"1/2/3/4/5/6/7/8/9.in", ""}}, dest_),
                      "entry '1/2/3/4/5/6/7/8/9.in': nested 9 deep, over the limit of 8"));
}

TEST_F(Upload, LimitsApplyAfterTheRootIsStripped) {
  const std::string deep = "pkg/1/2/3/4/5/6/7/8.in";  // 9 deep with its folder, 8 without
  const std::string long_name = "pkg/" + std::string(198, 'w');  // 202 bytes with its folder
  const auto result = write_files({{deep, ""}, {long_name, ""}}, dest_);
  EXPECT_EQ(unpacked(result).root, "pkg");
  EXPECT_TRUE(fs::exists(dest_ / "1/2/3/4/5/6/7/8.in"));
}

TEST_F(Upload, RefusesMoreFilesThanAllowed) {
  const Limits limits{.max_files = 3};
  const std::vector<std::pair<std::string, std::string>> four{
      {"a", ""}, {"b", ""}, {"c", ""}, {"d", ""}};
  EXPECT_TRUE(
      refused(write_files(four, dest_, limits),
              "entry 'd': the upload would hold more than the 3 files and folders allowed"));
  reset_dest();
  // Implied folders count too: each is an inode.
  EXPECT_TRUE(refused(write_files({{"x/a", ""}, {"y/b", ""}}, dest_, limits),
                      "more than the 3 files and folders allowed"));
}

TEST_F(Upload, RefusesFilesOverTheSizeLimits) {
  const Limits limits{.max_file_bytes = 1000, .max_total_bytes = 2500};
  EXPECT_TRUE(refused(write_files({{"big.in", std::string(1001, 'x')}}, dest_, limits),
                      "entry 'big.in': over the 1000-byte limit for one file"));
  reset_dest();
  const std::string kilobyte(1000, 'k');
  EXPECT_TRUE(
      refused(write_files({{"1", kilobyte}, {"2", kilobyte}, {"3", kilobyte}}, dest_, limits),
              "entry '3': the upload unpacks to more than the 2500-byte limit in total"));
}

// ---------------------------------------------------------------- refusals: zip

TEST_F(Upload, ZipRefusesTraversalAbsoluteAndBackslashNames) {
  EXPECT_TRUE(refused(unpack_bytes(python("save(zip_of([('data/../x', b'x')]))")),
                      "entry 'data/../x': a path may not contain '..'"));
  EXPECT_TRUE(refused(unpack_bytes(python("save(zip_of([('../../etc/x', b'x')]))")),
                      "a path may not contain '..'"));
  EXPECT_TRUE(refused(unpack_bytes(python("save(zip_of([('/etc/passwd', b'x')]))")),
                      "entry '/etc/passwd': a path may not be absolute"));
  EXPECT_TRUE(refused(unpack_bytes(python(R"py(save(zip_of([('pkg\\..\\x', b'x')])))py")),
                      "a path may not contain a backslash"));
}

TEST_F(Upload, ZipRefusesNulAndNonUtf8Names) {
  EXPECT_TRUE(refused(
      unpack_bytes(python("save(zip_of([('pkg/aXb', b'x')]).replace(b'pkg/aXb', b'pkg/a\\0b'))")),
      "entry 'pkg/a\\x00b': a path may not contain a NUL byte"));
  EXPECT_TRUE(refused(
      unpack_bytes(
          python("save(zip_of([('pkg/cafQ', b'x')]).replace(b'pkg/cafQ', b'pkg/caf\\xe9'))")),
      "entry 'pkg/caf\\xE9': the name is not valid UTF-8"));
  EXPECT_TRUE(refused(unpack_bytes(python("save(zip_of([('pkg/bell\\x07', b'x')]))")),
                      "unprintable character U+0007"));
}

TEST_F(Upload, ZipRefusesLinksDevicesAndFifos) {
  EXPECT_TRUE(refused(
      unpack_bytes(python("save(zip_of([(unix_info('pkg/link', 0o120777), b'/etc/passwd')]))")),
      "entry 'pkg/link': a symbolic link is not allowed"));
  EXPECT_TRUE(refused(unpack_bytes(python("save(zip_of([(unix_info('pkg/tty', 0o20644), b'')]))")),
                      "entry 'pkg/tty': a device is not allowed"));
  EXPECT_TRUE(refused(unpack_bytes(python("save(zip_of([(unix_info('pkg/sda', 0o60644), b'')]))")),
                      "a device is not allowed"));
  EXPECT_TRUE(refused(unpack_bytes(python("save(zip_of([(unix_info('pkg/fifo', 0o10644), b'')]))")),
                      "entry 'pkg/fifo': a fifo is not allowed"));
}

TEST_F(Upload, ZipRefusesDuplicateNames) {
  EXPECT_TRUE(refused(
      unpack_bytes(
          python("save(zip_of([('pkg/a.in', b'1'), ('pkg/b.in', b''), ('pkg/a.in', b'2')]))")),
      "entry 'pkg/a.in': a duplicate of 'pkg/a.in'"));
  EXPECT_TRUE(refused(unpack_bytes(python("save(zip_of([('pkg/a', b'1'), ('pkg/a/', b'')]))")),
                      "entry 'pkg/a/': the same path as the file 'pkg/a'"));
  EXPECT_TRUE(refused(unpack_bytes(python("save(zip_of([('pkg/a/', b''), ('pkg/a', b'1')]))")),
                      "entry 'pkg/a': the same path as the folder 'pkg/a/'"));
}

TEST_F(Upload, ZipBombStopsAtTheLimitForOneFile) {
  const auto result = unpack_bytes(python("save(zip_of([('pkg/zeros.in', bytes(200 << 20))]))"));
  EXPECT_TRUE(refused(result, "entry 'pkg/zeros.in': over the 33554432-byte limit for one file"));
}

TEST_F(Upload, ZipBombStopsAtTheLimitInTotal) {
  const auto result = unpack_bytes(python(R"py(
save(zip_of([('pkg/%d.in' % i, bytes(30 << 20)) for i in range(5)]))
)py"));
  EXPECT_TRUE(refused(
      result, "entry 'pkg/4.in': the upload unpacks to more than the 134217728-byte limit"));
}

TEST_F(Upload, ZipWhoseDeclaredSizeIsTooSmallStopsInflatingThere) {
  const auto result = unpack_bytes(python(R"py(
data = zip_of([('pkg/ok.in', b'fine'), ('pkg/zeros.in', bytes(200 << 20))])
data = patch_last(data, LOCAL, 22, '<I', 1000)
data = patch_last(data, CENTRAL, 24, '<I', 1000)
save(data)
)py"));
  EXPECT_TRUE(
      refused(result, "entry 'pkg/zeros.in': unpacks to more than its declared 1000 bytes"));
}

TEST_F(Upload, ZipWhoseDeclaredSizeIsTooLargeIsDamaged) {
  const auto result = unpack_bytes(python(R"py(
data = zip_of([('pkg/zeros.in', bytes(4096))])
data = patch_all(data, LOCAL, 22, '<I', 5000)
save(patch_all(data, CENTRAL, 24, '<I', 5000))
)py"));
  EXPECT_TRUE(refused(result, "unpacks to 4096 bytes, fewer than its declared 5000"));
}

TEST_F(Upload, ZipWithACrcMismatchLeavesNothingBehind) {
  const auto result = unpack_bytes(python(R"py(
data = zip_of([('pkg/ok.in', b'fine'), ('pkg/bad.in', b'hello world')], zipfile.ZIP_STORED)
save(data.replace(b'hello world', b'hellO world'))
)py"));
  EXPECT_TRUE(refused(result, "entry 'pkg/bad.in': CRC-32 mismatch"));
}

TEST_F(Upload, ZipWithDamagedDeflateData) {
  const auto result = unpack_bytes(python(R"py(
data = bytearray(zip_of([('pkg/a.in', b'some text ' * 100)]))
data[30 + len('pkg/a.in')] = 0xFF  # a reserved block type
save(bytes(data))
)py"));
  EXPECT_TRUE(refused(result, "entry 'pkg/a.in': the compressed data is damaged"));
}

TEST_F(Upload, TruncatedZip) {
  const std::string archive = archived_gcd("zip");
  EXPECT_TRUE(refused(unpack_bytes(archive.substr(0, archive.size() / 2)),
                      "the zip archive is truncated or damaged"));
  reset_dest();
  EXPECT_TRUE(refused(unpack_bytes(archive.substr(0, archive.size() - 1)),
                      "end-of-central-directory record is missing"));
}

TEST_F(Upload, ZipWithACommentIsFine) {
  const auto result = unpack_bytes(python(R"py(
b = io.BytesIO()
with zipfile.ZipFile(b, 'w') as z:
    z.writestr('pkg/a.in', b'1')
    z.comment = b'PK\x05\x06 a decoy signature in the comment'
save(b.getvalue())
)py"));
  EXPECT_EQ(unpacked(result).files, 1U);
}

TEST_F(Upload, ZipRefusesEncryptedEntries) {
  const auto result = unpack_bytes(python(R"py(
data = zip_of([('pkg/secret.in', b'x')])
save(patch_all(patch_all(data, LOCAL, 6, '<H', 1), CENTRAL, 8, '<H', 1))
)py"));
  EXPECT_TRUE(refused(result, "entry 'pkg/secret.in': encrypted entries are not supported"));
}

TEST_F(Upload, ZipRefusesOtherCompressionMethods) {
  const auto result =
      unpack_bytes(python("save(zip_of([('pkg/a.in', b'x' * 100)], zipfile.ZIP_BZIP2))"));
  EXPECT_TRUE(refused(result, "entry 'pkg/a.in': compression method 12 is not supported"));
}

TEST_F(Upload, ZipRefusesZip64) {
  const auto result = unpack_bytes(python(R"py(
data = zip_of([('pkg/a.in', b'1')])
at, count, size, offset = end_record(data)
zip64_end = struct.pack('<4sQ2H2L4Q', b'PK\x06\x06', 44, 45, 45, 0, 0, count, count, size, offset)
locator = struct.pack('<4sLQL', b'PK\x06\x07', 0, at, 1)
end = struct.pack('<4s4H2LH', END, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
data = data[:at] + zip64_end + locator + end
assert zipfile.ZipFile(io.BytesIO(data)).read('pkg/a.in') == b'1'
save(data)
)py"));
  EXPECT_TRUE(refused(result, "ZIP64 archives are not supported"));
}

TEST_F(Upload, ZipRefusesOverlappingEntries) {
  // "pkg/a.in" holds a complete local header and data for "pkg/b.in", which
  // the central directory then lists too: one set of bytes, two files.
  const auto result = unpack_bytes(python(R"py(
inner = zip_of([('pkg/b.in', b'hello')], zipfile.ZIP_STORED)
_, _, inner_size, inner_offset = end_record(inner)
b_central = bytearray(inner[inner_offset:inner_offset + inner_size])
outer = zip_of([('pkg/a.in', inner[:inner_offset])], zipfile.ZIP_STORED)
at, _, _, offset = end_record(outer)
struct.pack_into('<I', b_central, 42, 30 + len('pkg/a.in') + struct.unpack_from('<H', outer, 28)[0])
directory = outer[offset:at] + bytes(b_central)
end = struct.pack('<4s4H2LH', END, 0, 0, 2, 2, len(directory), offset, 0)
save(outer[:offset] + directory + end)
)py"));
  EXPECT_TRUE(refused(result, "entries 'pkg/a.in' and 'pkg/b.in' overlap in the archive"));
}

TEST_F(Upload, ZipRefusesALocalHeaderThatDisagrees) {
  const auto result = unpack_bytes(python(R"py(
data = zip_of([('pkg/a.in', b'1')])
save(data.replace(b'pkg/a.in', b'pkg/b.in', 1))
)py"));
  EXPECT_TRUE(refused(result, "entry 'pkg/a.in': its local header names it 'pkg/b.in'"));
}

TEST_F(Upload, ZipRefusesMoreEntriesThanAllowed) {
  const auto result = unpack_bytes(python("save(zip_of([('pkg/%d' % i, b'') for i in range(5)]))"),
                                   Limits{.max_files = 3});
  EXPECT_TRUE(refused(result, "the archive lists 5 entries, more than the 3 files and folders"));
}

// ---------------------------------------------------------------- refusals: tar

TEST_F(Upload, TarRefusesTraversalAndAbsoluteNames) {
  EXPECT_TRUE(refused(unpack_bytes(python("save(tar_of([(tinfo('pkg/../../x'), b'x')]))")),
                      "entry 'pkg/../../x': a path may not contain '..'"));
  EXPECT_TRUE(refused(unpack_bytes(python("save(tar_of([(tinfo('/etc/x'), b'x')]))")),
                      "entry '/etc/x': a path may not be absolute"));
  // A pax path is checked like any other name.
  EXPECT_TRUE(refused(unpack_bytes(python(R"py(
info = tinfo('pkg/harmless')
info.pax_headers = {'path': '../escape'}
save(tar_of([(info, b'x')]))
)py")),
                      "entry '../escape': a path may not contain '..'"));
}

TEST_F(Upload, TarRefusesLinksDevicesAndFifos) {
  EXPECT_TRUE(refused(
      unpack_bytes(python(
          "save(tar_of([(tinfo('pkg/l', tarfile.SYMTYPE, linkname='/etc/passwd'), None)]))")),
      "entry 'pkg/l': a symbolic link (to '/etc/passwd') is not allowed"));
  EXPECT_TRUE(refused(unpack_bytes(python(R"py(
save(tar_of([(tinfo('pkg/a'), b'x'), (tinfo('pkg/h', tarfile.LNKTYPE, linkname='pkg/a'), None)]))
)py")),
                      "entry 'pkg/h': a hard link (to 'pkg/a') is not allowed"));
  EXPECT_TRUE(refused(
      unpack_bytes(python(
          "save(tar_of([(tinfo('pkg/null', tarfile.CHRTYPE, devmajor=1, devminor=3), None)]))")),
      "entry 'pkg/null': a device is not allowed"));
  EXPECT_TRUE(
      refused(unpack_bytes(python("save(tar_of([(tinfo('pkg/sda', tarfile.BLKTYPE), None)]))")),
              "a device is not allowed"));
  EXPECT_TRUE(
      refused(unpack_bytes(python("save(tar_of([(tinfo('pkg/p', tarfile.FIFOTYPE), None)]))")),
              "entry 'pkg/p': a fifo is not allowed"));
}

TEST_F(Upload, TarRefusesOtherEntryTypes) {
  EXPECT_TRUE(
      refused(unpack_bytes(python("save(tar_of([(tinfo('pkg/c', tarfile.CONTTYPE), b'x')]))")),
              "entry 'pkg/c': a contiguous file (tar type '7') is not supported"));
  EXPECT_TRUE(refused(unpack_bytes(python("save(tar_of([(tinfo('pkg/q', b'Q'), None)]))")),
                      "entry 'pkg/q': tar entry type 'Q' is not supported"));
}

TEST_F(Upload, TarRefusesDuplicateNames) {
  EXPECT_TRUE(refused(
      unpack_bytes(python("save(tar_of([(tinfo('pkg/a.in'), b'1'), (tinfo('pkg/a.in'), b'2')]))")),
      "entry 'pkg/a.in': a duplicate of 'pkg/a.in'"));
}

TEST_F(Upload, TarRefusesABadChecksum) {
  const auto result = unpack_bytes(python(R"py(
data = bytearray(tar_of([(tinfo('pkg/a.in'), b'1')]))
data[0] ^= 1
save(bytes(data))
)py"));
  EXPECT_TRUE(refused(result, "the tar header at byte 0 has a wrong checksum"));
}

TEST_F(Upload, TruncatedTar) {
  const std::string archive =
      python("save(tar_of([(tinfo('pkg/a.in'), b'1'), (tinfo('pkg/big.in'), b'x' * 10000)]))");
  EXPECT_TRUE(refused(unpack_bytes(archive.substr(0, 3000)),
                      "the archive is truncated at entry 'pkg/big.in'"));
  reset_dest();
  // Both entries whole, but the end-of-archive marker gone.
  EXPECT_TRUE(refused(unpack_bytes(archive.substr(0, 1024 + 512 + 10240)),
                      "the archive is truncated after entry 'pkg/big.in'"));
  reset_dest();
  EXPECT_TRUE(refused(unpack_bytes(archive.substr(0, 700)), "truncated"));
}

TEST_F(Upload, TarOverTheLimitForOneFile) {
  const auto result = unpack_bytes(python("save(tar_of([(tinfo('pkg/big.in'), b'x' * 5000)]))"),
                                   Limits{.max_file_bytes = 4096});
  EXPECT_TRUE(refused(result, "entry 'pkg/big.in': over the 4096-byte limit for one file"));
}

TEST_F(Upload, TarRefusesMoreEntriesThanAllowed) {
  const auto result =
      unpack_bytes(python("save(tar_of([(tinfo('pkg/%d' % i), b'') for i in range(5)]))"),
                   Limits{.max_files = 3});
  EXPECT_TRUE(refused(result, "the archive holds more than the 3 files and folders allowed"));
}

TEST_F(Upload, TarGzipBombStopsWhileInflating) {
  const auto result = unpack_bytes(python(R"py(
save(tar_of([(tinfo('pkg/zeros.in'), bytes(200 << 20))], mode='w:gz'))
)py"));
  EXPECT_TRUE(refused(result, "the gzip stream unpacks to more than"));
}

TEST_F(Upload, DamagedGzip) {
  const std::string archive = archived_gcd("gztar");
  EXPECT_TRUE(refused(unpack_bytes(archive.substr(0, archive.size() / 2)),
                      "the gzip stream is damaged: the compressed data ends early"));
  reset_dest();
  std::string bad_crc = archive;
  bad_crc[bad_crc.size() - 6] = static_cast<char>(bad_crc[bad_crc.size() - 6] ^ 1);
  EXPECT_TRUE(refused(unpack_bytes(bad_crc), "the gzip stream is damaged: incorrect data check"));
  reset_dest();
  EXPECT_TRUE(refused(unpack_bytes(archive + "trailing junk"),
                      "data follows the end of the compressed stream"));
}

TEST_F(Upload, GzipThatHoldsNoTar) {
  const auto result = unpack_bytes(python("import gzip; save(gzip.compress(b'just text'))"));
  EXPECT_TRUE(refused(result, "the gzip stream does not hold a tar archive"));
}

// ---------------------------------------------------------------- robustness

// Random damage: flipped bits, bytes set to extremes, runs of 0x00 or 0xFF
// over sizes and offsets, truncation, copied slices.
std::string mutate(std::string bytes, std::mt19937& random) {
  const int changes = 1 + static_cast<int>(random() % 4);
  for (int i = 0; i < changes && !bytes.empty(); ++i) {
    const std::size_t at = random() % bytes.size();
    switch (random() % 5) {
      case 0: bytes[at] = static_cast<char>(bytes[at] ^ (1U << (random() % 8))); break;
      case 1: bytes[at] = static_cast<char>(random() % 3 == 0 ? 0xFF : random()); break;
      case 2: bytes.resize(at); break;
      case 3: {
        const char fill = random() % 2 == 0 ? '\0' : '\xff';
        for (std::size_t j = at; j < std::min(bytes.size(), at + 4); ++j) bytes[j] = fill;
        break;
      }
      default: {
        const std::size_t from = random() % bytes.size();
        const std::size_t length = std::min<std::size_t>(random() % 600, bytes.size() - from);
        const std::string slice = bytes.substr(from, length);
        bytes.replace(at, std::min(length, bytes.size() - at), slice);
      }
    }
  }
  return bytes;
}

// So that damage reaches the parser behind the checksum.
void fix_tar_checksums(std::string& tar) {
  for (std::size_t at = 0; at + 512 <= tar.size(); at += 512) {
    if (tar.compare(at + 257, 5, "ustar") != 0) continue;
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i < 512; ++i) {
      sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(tar[at + i]);
    }
    std::string field("000000\0 ", 8);  // six octal digits, NUL, space
    for (std::size_t digit = 6; digit-- > 0; sum >>= 3U)
      field[digit] = static_cast<char>('0' + (sum & 7U));
    tar.replace(at + 148, 8, field);
  }
}

TEST_F(Upload, RandomDamageNeverCrashesOrEscapes) {
  const std::map<std::string, std::string> archives{
      {"zip", archived_gcd("zip")}, {"tar", archived_gcd("tar")}, {"gztar", archived_gcd("gztar")}};
  std::mt19937 random(20240607);
  std::map<std::string, int> outcomes;
  for (const auto& [format, original] : archives) {
    for (int round = 0; round < 500; ++round) {
      std::string damaged = mutate(original, random);
      if (format == "tar" && round % 2 == 0) fix_tar_checksums(damaged);
      reset_dest();
      const auto result = unpack_bytes(damaged, Limits{.max_total_bytes = 1 << 20});
      ++outcomes[format + (std::holds_alternative<Unpacked>(result) ? " unpacked" : " refused")];
      // Nothing outside dest, and nothing in it that is not a file or folder.
      ASSERT_EQ(std::distance(fs::directory_iterator(out_), fs::directory_iterator()), 1);
      for (const auto& item : fs::recursive_directory_iterator(dest_)) {
        ASSERT_TRUE(!item.is_symlink() && (item.is_regular_file() || item.is_directory()))
            << item.path();
      }
      if (const auto* error = std::get_if<UnpackError>(&result)) {
        ASSERT_FALSE(error->message.empty());
        ASSERT_TRUE(fs::is_empty(dest_)) << format << " round " << round << ": " << error->message;
      }
    }
  }
  for (const auto& [outcome, count] : outcomes) std::cout << outcome << ": " << count << "\n";
}

}  // namespace
}  // namespace upload
