module godiag.test/oracle

go 1.22
