"""The S3 module from Python, against the S3 test server that
tests/scripts/test_s3.sh starts (s3rver behind tests/s3/harness.js, which
verifies every SigV4 signature). Runs only when LINREG_TEST_S3_ENDPOINT is
set (test_s3.sh sets it, with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
AWS_REGION / AWS_ENDPOINT_URL for the server); skipped otherwise."""

import os
import struct
import subprocess
import sys
import tempfile
import unittest

from helpers import ROOT, WINDSOR, linreg, tolist
from test_errors import CErrorAsserts

ENDPOINT = os.environ.get("LINREG_TEST_S3_ENDPOINT")
SKIP = "LINREG_TEST_S3_ENDPOINT is not set (tests/scripts/test_s3.sh runs this file)"
NEW_HOUSE = os.path.join(ROOT, "examples", "data", "new_house.csv")
BUCKET = "s3://linreg-test/python-%d" % os.getpid()


def bits(v):
    return [struct.pack("<d", float(x)) for x in tolist(v)]


@unittest.skipUnless(ENDPOINT, SKIP)
class S3Test(CErrorAsserts, unittest.TestCase):
    """In order: the module is loaded and registered lazily by the first
    s3:// URL, then used with explicit per-call options, then registered
    again with explicit options."""

    def test_1_windsor_model_through_s3(self):
        self.assertFalse(linreg.s3.registered())
        url = BUCKET + "/house.json"
        with linreg.ols("log(price) ~ .", data=WINDSOR) as m:
            m.metadata["source"] = "test_s3_store.py"
            m.save(url)  # loads liblinreg_s3, lr_s3_register(NULL): the AWS_* environment
            self.assertTrue(linreg.s3.registered())
            lib = linreg.s3.library()
            self.assertEqual(os.path.dirname(lib.path), os.path.dirname(linreg.library_path()))
            with linreg.load(url) as b:
                for interval in (None, "confidence", "prediction"):
                    pm, pb = m.predict(NEW_HOUSE, interval), b.predict(NEW_HOUSE, interval)
                    if interval is None:
                        self.assertEqual(bits(pm), bits(pb))
                    else:
                        for x, y in zip(pm, pb):
                            self.assertEqual(bits(x), bits(y))
                self.assertEqual(bits(b.params), bits(m.params))
                self.assertEqual(b.metadata["source"], "test_s3_store.py")
                self.assertEqual(b.to_document(), linreg.read_document(url))
            # an existing key is never replaced unless asked
            e = self.raises(linreg.ConflictError, m.save, url)
            self.assertIn(url, e.detail)
            m.save(url, overwrite=True)
        listed = [s.url for s in linreg.list_models(BUCKET + "/")]
        self.assertIn(url, listed)
        self.assertEqual(linreg.s3.get_object(url).decode("utf-8"), linreg.read_document(url))
        linreg.delete(url)
        self.raises(linreg.NotFoundError, linreg.load, url)
        self.raises(linreg.NotFoundError, linreg.delete, url)

    def test_2_explicit_options_per_call(self):
        opts = dict(access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
                    secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"],
                    region="us-east-1", endpoint_url=ENDPOINT, max_attempts=2,
                    request_timeout=30)
        url = BUCKET + "/explicit.json"
        with linreg.ols("price ~ lotsize + aircon", data=WINDSOR) as m:
            linreg.s3.save(m, url, **opts)
            self.raises(linreg.ConflictError, linreg.s3.save, m, url, **opts)
            linreg.s3.save(m, url, overwrite=True, **opts)
            with linreg.s3.load(url, **opts) as b:
                self.assertEqual(bits(b.predict({"lotsize": 5000, "aircon": "yes"})),
                                 bits(m.predict({"lotsize": 5000, "aircon": "yes"})))
        self.assertIn(url, [s.url for s in linreg.s3.list_models(BUCKET + "/", **opts)])
        raw = BUCKET + "/raw.txt"
        linreg.s3.put_object(raw, b"hello \x00 bytes", **opts)
        self.assertEqual(linreg.s3.get_object(raw, **opts), b"hello \x00 bytes")
        self.raises(linreg.ConflictError, linreg.s3.put_object, raw, "again", **opts)
        linreg.s3.put_object(raw, "again", overwrite=True, **opts)
        self.assertEqual(linreg.s3.get_object(raw, **opts), b"again")
        linreg.s3.delete(raw, **opts)
        linreg.s3.delete(url, **opts)
        self.raises(linreg.NotFoundError, linreg.s3.get_object, raw, **opts)
        # a wrong secret: AuthError with the HTTP status, never the secret
        bad = dict(opts, secret_access_key="wrong-secret-4711")
        e = self.raises(linreg.AuthError, linreg.s3.get_object, BUCKET + "/x", **bad)
        self.assertIn("403", e.detail)
        self.assertNotIn("wrong-secret-4711", e.detail)
        self.assertIsInstance(e, PermissionError)
        # nothing listening: NetworkError after the retries
        down = dict(opts, endpoint_url="http://127.0.0.1:9", max_attempts=1,
                    connect_timeout=2)
        self.raises(linreg.NetworkError, linreg.s3.get_object, BUCKET + "/x", **down)
        self.raises(linreg.InvalidArgumentError, linreg.s3.get_object, "s3://", **opts)
        with self.assertRaises(linreg.InvalidArgumentError):
            linreg.s3.get_object(BUCKET + "/x", colour="blue")
        with self.assertRaises(linreg.InvalidArgumentError):
            linreg.s3.get_object(BUCKET + "/x", max_attempts=0)

    def test_3_register_with_options(self):
        linreg.s3.register(access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
                           secret_access_key="wrong-secret", endpoint_url=ENDPOINT,
                           region="us-east-1", max_attempts=1)
        url = BUCKET + "/registered.json"
        with linreg.ols("price ~ lotsize", data=WINDSOR) as m:
            self.raises(linreg.AuthError, m.save, url)
            linreg.s3.register(access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
                               secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"],
                               endpoint_url=ENDPOINT, region="us-east-1")
            m.save(url)
            with linreg.load(url) as b:
                self.assertEqual(bits(b.params), bits(m.params))
        linreg.delete(url)


    def test_4_example_saves_to_s3(self):
        """examples/house_prices.py with the S3 server configured."""
        url = BUCKET + "/example.json"
        env = dict(os.environ, LINREG_EXAMPLE_S3_URL=url)
        with tempfile.TemporaryDirectory() as tmp:
            r = subprocess.run([sys.executable, os.path.join(ROOT, "examples", "house_prices.py"),
                                tmp], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        out = r.stdout.decode("utf-8")
        self.assertEqual(r.returncode, 0, out + r.stderr.decode("utf-8"))
        self.assertIn("saved to %s; loaded back" % url, out)
        self.assertEqual(out.count("predicts the same: yes"), 2)
        linreg.delete(url)


class S3LoaderTest(unittest.TestCase):
    """The loader (no server needed)."""

    def run_python(self, code, **env):
        r = subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, 'python'); "
                            "import linreg\n" + code], cwd=ROOT, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=dict(os.environ, **env))
        self.assertEqual(r.returncode, 0, r.stderr.decode("utf-8"))
        return r.stdout.decode("utf-8")

    @unittest.skipUnless(os.path.exists("/proc/self/maps"), "no /proc/self/maps here")
    def test_loaded_only_when_s3_is_used(self):
        out = self.run_python(
            "import tempfile, os; m = linreg.ols('price ~ lotsize', data=%r); "
            "d = tempfile.mkdtemp(); m.save(os.path.join(d, 'm.json')); "
            "linreg.load(os.path.join(d, 'm.json')); linreg.list_models(d + '/'); "
            "print('liblinreg_s3' in open('/proc/self/maps').read(), linreg.s3.registered())"
            % WINDSOR)
        self.assertEqual(out.split(), ["False", "False"])

    def test_missing_module_lists_what_was_tried(self):
        out = self.run_python(
            "try:\n    linreg.load('s3://bucket/key.json')\n"
            "except linreg.LibraryError as e:\n    print(type(e).__name__, e)",
            LINREG_S3_LIBRARY="/nonexistent/liblinreg_s3.so")
        self.assertIn("LibraryError cannot load the linreg S3 module", out)
        self.assertIn("LINREG_S3_LIBRARY: /nonexistent/liblinreg_s3.so: no such file", out)

    def test_candidates(self):
        c = linreg.s3.candidates(environ={"LINREG_S3_LIBRARY": "/x/liblinreg_s3.so"})
        self.assertEqual(c, [("LINREG_S3_LIBRARY", "/x/liblinreg_s3.so")])
        c = linreg.s3.candidates(environ={}, core_path="/opt/a/liblinreg.so", root="/repo",
                                 find_library=lambda name: None)
        self.assertEqual([p for _, p in c], ["/opt/a/liblinreg_s3.so", "/opt/a/liblinreg_s3.so.0",
                                             "/repo/lib/liblinreg_s3.so",
                                             "/repo/lib/liblinreg_s3.so.0", None])
        c = linreg.s3.candidates(environ={}, core_path="/repo/lib/liblinreg.so", root="/repo",
                                 find_library=lambda name: "liblinreg_s3.so.0")
        self.assertEqual([p for _, p in c], ["/repo/lib/liblinreg_s3.so",
                                             "/repo/lib/liblinreg_s3.so.0", "liblinreg_s3.so.0"])


if __name__ == "__main__":
    unittest.main()
