"""The Jupyter messaging protocol, checked by Jupyter's own kernel test suite."""
import unittest

import kernel_env  # noqa: F401  (installs the kernel before jupyter_client looks for it)
import jupyter_kernel_test


class JavaKernelProtocolTests(jupyter_kernel_test.KernelTests):
    kernel_name = kernel_env.KERNEL_NAME
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("to stderr");'
    code_generate_error = 'throw new IllegalStateException("boom");'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"abc".toUpperCase()', "result": "ABC"},
        {"code": "int x = 2;\nx + 40", "result": "42"},
    ]
    code_display_data = [
        {"code": 'display(MimeBundle.html("<b>hi</b>", "hi"));', "mime": "text/html"},
        {"code": 'display("plain text");', "mime": "text/plain"},
    ]

    completion_samples = [{"text": "Math.ma", "matches": {"max("}}]
    complete_code_samples = ["1 + 1", "int y = 3;", "void f() {}", "%jars nothing.jar"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "int z = (1 +", "class A {"]
    invalid_code_samples = ["}", "int 3x = 4;)"]

    code_inspect_sample = "Math.max"


if __name__ == "__main__":
    unittest.main()
