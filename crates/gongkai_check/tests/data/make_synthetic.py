#!/usr/bin/env python3
"""Write the SYNTHETIC fixtures `syn_*` (see README.md): invented agencies and figures, written
here to pin layouts and extraction noise seen in real publications. Run from this directory:
`python3 make_synthetic.py`. The identities of every table hold unless a comment says otherwise."""

T3_ROWS = [
    ("new_received", "一、本年新收政府信息公开申请数量"),
    ("carried_over", "二、上年结转政府信息公开申请数量"),
    ("granted", "三、本年度办理结果 （一）予以公开"),
    ("partly", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("w1", "（三）不予公开 1.属于国家秘密"),
    ("w2", "2.其他法律行政法规禁止公开"),
    ("w3", "3.危及“三安全一稳定”"),
    ("w4", "4.保护第三方合法权益"),
    ("w5", "5.属于三类内部事务信息"),
    ("w6", "6.属于四类过程性信息"),
    ("w7", "7.属于行政执法案卷"),
    ("w8", "8.属于行政查询事项"),
    ("u1", "（四）无法提供 1.本机关不掌握相关政府信息"),
    ("u2", "2.没有现成信息需要另行制作"),
    ("u3", "3.补正后申请内容仍不明确"),
    ("n1", "（五）不予处理 1.信访举报投诉类申请"),
    ("n2", "2.重复申请"),
    ("n3", "3.要求提供公开出版物"),
    ("n4", "4.无正当理由大量反复申请"),
    ("n5", "5.要求行政机关确认或重新出具已获取信息"),
]
T3_OTHER_2021 = [
    ("o1", "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("o2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("o3", "3.其他"),
]
T3_OTHER_2019 = [("o", "（六）其他处理")]
T3_TAIL = [("total", "（七）总计"), ("forward", "四、结转下年度继续办理")]
OUTCOMES = ["granted", "partly", "w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "u1", "u2", "u3",
            "n1", "n2", "n3", "n4", "n5", "o1", "o2", "o3", "o"]


def table3(values, trial=False):
    """Rows of (label, [6 applicant cells + total]); `values` maps row → 6 applicant numbers."""
    rows = T3_ROWS + (T3_OTHER_2019 if trial else T3_OTHER_2021) + T3_TAIL
    zero = [0] * 6
    vals = {k: values.get(k, zero) for k, _ in rows}
    vals["total"] = [sum(vals[k][c] for k in OUTCOMES if k in vals) for c in range(6)]
    for c in range(6):
        assert vals["new_received"][c] + vals["carried_over"][c] == vals["total"][c] + vals["forward"][c]
    return [(label, vals[k] + [sum(vals[k])]) for k, label in rows]


def md_table(header, rows, fmt=str):
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for label, cells in rows:
        out.append("| " + " | ".join([label] + [fmt(c) for c in cells]) + " |")
    return "\n".join(out)


T3_HEADER = ["申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]

# ---------------------------------------------------------------------------------------------
# 1. A township's 2020 report in the 2019 trial format, saved from a portal page: site chrome,
#    a page-metadata table, 表二 with the trial columns (signed 本年增/减, 1,234.5 with a
#    thousands separator), 表三 with the single row （六）其他处理 and "—"/"/" cells, 表四
#    transposed (one row per result, one column per block), published 2021-02-05 (late for a
#    township under the default 1月31日 rule).


def html_trial_town():
    t3 = table3({
        "new_received": [4, 1, 0, 0, 0, 0],
        "granted": [2, 1, 0, 0, 0, 0],
        "u1": [1, 0, 0, 0, 0, 0],
        "o": [1, 0, 0, 0, 0, 0],
    }, trial=True)

    def cells(cs):
        # Research/non-profit/legal columns printed as "—" or "/" instead of 0.
        out = []
        for i, c in enumerate(cs):
            if i in (2, 3) and c == 0:
                out.append("—")
            elif i == 4 and c == 0:
                out.append("/")
            else:
                out.append(str(c))
        return out

    t3_html = "\n".join(
        f"<tr><td colspan=\"2\">{label}</td>" + "".join(f"<td>{c}</td>" for c in cells(cs)) + "</tr>"
        for label, cs in t3)
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>示例县青石镇2020年政府信息公开工作年度报告_示例县人民政府</title></head>
<body>
<div class="nav">当前位置：首页 &gt; 政府信息公开 &gt; 年度报告 &gt; 示例县青石镇2020年政府信息公开工作年度报告</div>
<div>字号：<a>大</a> <a>中</a> <a>小</a></div>
<table class="meta">
<tr><td>索引号</td><td>11320000000000/2021-00015</td><td>主题分类</td><td>政府信息公开年报</td></tr>
<tr><td>发布机构</td><td>示例县青石镇人民政府</td><td>成文日期</td><td>2021-01-28</td></tr>
<tr><td>名称</td><td colspan="3">示例县青石镇2020年政府信息公开工作年度报告</td></tr>
<tr><td>文号</td><td></td><td>发布日期</td><td>2021-02-05</td></tr>
</table>
<h1>示例县青石镇2020年政府信息公开工作年度报告</h1>
<p>本报告根据《中华人民共和国政府信息公开条例》要求编制。本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。</p>
<p>一、总体情况</p>
<p>2020年，青石镇认真贯彻落实《条例》，全年主动公开政府信息１２６条，收到政府信息公开申请5件，均按时答复。</p>
<p>二、主动公开政府信息情况</p>
<table border="1">
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年新制作数量</td><td>本年新公开数量</td><td>对外公开总数量</td></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>规范性文件</td><td>2</td><td>2</td><td>15</td></tr>
<tr><td colspan="4">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td>本年增/减</td><td>处理决定数量</td></tr>
<tr><td>行政许可</td><td>12</td><td>-2</td><td>340</td></tr>
<tr><td>其他对外管理服务事项</td><td>5</td><td>+1</td><td>28</td></tr>
<tr><td colspan="4">第二十条第（六）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td>本年增/减</td><td>处理决定数量</td></tr>
<tr><td>行政处罚</td><td>30</td><td>0</td><td>56</td></tr>
<tr><td>行政强制</td><td>3</td><td>－1</td><td>2</td></tr>
<tr><td colspan="4">第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td colspan="2">本年增/减</td></tr>
<tr><td>行政事业性收费</td><td>4</td><td colspan="2">0</td></tr>
<tr><td colspan="4">第二十条第（九）项</td></tr>
<tr><td>信息内容</td><td>采购项目数量</td><td colspan="2">采购总金额</td></tr>
<tr><td>政府集中采购</td><td>6</td><td colspan="2">1,234.5</td></tr>
</table>
<p>三、收到和处理政府信息公开申请情况</p>
<table border="1">
<tr><td colspan="2" rowspan="2">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
<tr><td>自然人</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td><td>总计</td></tr>
{t3_html}
</table>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
<table border="1">
<tr><td></td><td>行政复议</td><td>行政诉讼（未经复议直接起诉）</td><td>行政诉讼（复议后起诉）</td></tr>
<tr><td>结果维持</td><td>1</td><td>0</td><td>0</td></tr>
<tr><td>结果纠正</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>其他结果</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>尚未审结</td><td>1</td><td>1</td><td>0</td></tr>
<tr><td>总计</td><td>2</td><td>1</td><td>0</td></tr>
</table>
<p>五、存在的主要问题及改进情况</p>
<p>一是公开内容不够全面；二是解读形式较为单一。2021年，我镇将进一步加强政策解读。</p>
<p>六、其他需要报告的事项</p>
<p>本年度未收取任何费用。</p>
<p>示例县青石镇人民政府</p>
<p>2021年1月28日</p>
<div>【打印本页】【关闭窗口】</div>
<div>分享到：</div>
<div>上一篇：示例县青石镇2019年政府信息公开工作年度报告</div>
</body></html>
"""


# ---------------------------------------------------------------------------------------------
# 2. A county bureau's 2022 report as a PDF text layer: hard-wrapped lines (a word broken over
#    two lines: 推进行|决策 — the typo must still be found), a running header on every page,
#    "第 N 页 共 3 页" footers, full-width digits, 1,234 with a separator, table rows with "—"
#    and "0件" cells, 表四 vertically (one label and one value per line), fee statements that
#    contradict each other and 表三 （六）2 = 2 against one fee notice; dated 2023-03-10 (late
#    for a department: 1月31日).


def pdf_text_bureau():
    t3 = table3({
        "new_received": [11, 1, 0, 0, 0, 0],
        "granted": [6, 1, 0, 0, 0, 0],
        "u1": [2, 0, 0, 0, 0, 0],
        "o2": [2, 0, 0, 0, 0, 0],
        "forward": [1, 0, 0, 0, 0, 0],
    })

    def row(label, cs):
        # Blank applicant columns printed as "—", one zero as "0件".
        out = []
        for i, c in enumerate(cs):
            if i in (2, 3, 4) and c == 0:
                out.append("—")
            elif i == 5 and c == 0:
                out.append("0件")
            else:
                out.append(str(c))
        return label + "  " + "  ".join(out)

    header = "示例县自然资源局政务公开专栏"
    page1 = f"""{header}
示例县自然资源局
2022年政府信息公开工作年度报告
本报告根据《中华人民共和国政府信息公开条例》编制，所列数据的统计
期限自２０２２年１月１日起至２０２２年１２月３１日止。
一、总体情况
2022年，示例县自然资源局坚持以公开为常态、不公开为例外，继续推进行
决策公开，全年主动公开政府信息1,234条，共收到政府信息公开申请１２件，
均在法定期限内答复。
二、主动公开政府信息情况
第二十条第（一）项
信息内容 本年制发件数 本年废止件数 现行有效件数
规章 0 0 0
行政规范性文件 1 0 6
第二十条第（五）项
信息内容 本年处理决定数量
行政许可 215
第二十条第（六）项
信息内容 本年处理决定数量
行政处罚 18
行政强制 0
第二十条第（八）项
信息内容 本年收费金额（单位：万元）
行政事业性收费 12.5
第 1 页 共 3 页"""
    t3_lines = "\n".join(row(label, cs) for label, cs in t3)
    page2 = f"""{header}
三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）
申请人情况
自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计
{t3_lines}
第 2 页 共 3 页"""
    t4 = [("行政复议", [1, 0, 0, 0, 1]), ("未经复议直接起诉", [0, 0, 0, 1, 1]), ("复议后起诉", [0, 0, 0, 0, 0])]
    t4_lines = []
    for block, vals in t4:
        t4_lines.append(block)
        for lab, v in zip(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"], vals):
            t4_lines.append(f"{lab} {v}")
    t4_text = "\n".join(t4_lines)
    page3 = f"""{header}
四、政府信息公开行政复议、行政诉讼情况
本年度发生行政复议1件、行政诉讼1件。
{t4_text}
五、存在的主要问题及改进情况
信息公开的及时性还有待提高。下一步，我局将加强培训，提高信息公开工作人员的业务能力
和工作水平。
六、其他需要报告的事项
本年度共发出收费通知1件，收取信息处理费200元。本局严格执行有关规定，依申请公开
工作中未收取任何费用。
示例县自然资源局
2023年3月10日
第 3 页 共 3 页"""
    return "\n".join([page1, page2, page3]) + "\n"


# ---------------------------------------------------------------------------------------------
# 3./4. One county government in two years under two names (示例县人民政府 in 2021,
#    某某省示例市示例县人民政府 in 2022, the latter with a page-metadata block of 键：值 lines as a
#    Word copy of the page has it). 2021 carries 2 applications forward, 2022 reports 1 carried
#    over: X-1 must be found across the two names.


def county(year, agency_title, carried_over, forward, meta_lines="", in_force=(8, 1, 0, 9)):
    values = {
        "new_received": [10, 1, 0, 0, 0, 0],
        "carried_over": [carried_over, 0, 0, 0, 0, 0],
        "granted": [5 + carried_over, 1, 0, 0, 0, 0],
        "partly": [1, 0, 0, 0, 0, 0],
        "u1": [4 - forward, 0, 0, 0, 0, 0],
        "forward": [forward, 0, 0, 0, 0, 0],
    }
    t3 = table3(values)
    prev, issued, repealed, now = in_force
    return f"""{meta_lines}{agency_title}{year}年政府信息公开工作年度报告

本报告根据《中华人民共和国政府信息公开条例》编制。统计期限自{year}年1月1日起至{year}年12月31日止。

一、总体情况

{year}年，全县收到政府信息公开申请11件（即表三“本年新收”11件），均在法定期限内答复。

二、主动公开政府信息情况

| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
|---|---|---|---|
| 规章 | 0 | 0 | 0 |
| 行政规范性文件 | {issued} | {repealed} | {now} |

| 信息内容 | 本年处理决定数量 |
|---|---|
| 行政许可 | 1020 |
| 行政处罚 | 75 |
| 行政强制 | 3 |

| 信息内容 | 本年收费金额（单位：万元） |
|---|---|
| 行政事业性收费 | 0 |

三、收到和处理政府信息公开申请情况

{md_table(T3_HEADER, t3)}

四、政府信息公开行政复议、行政诉讼情况

| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
| 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |

五、存在的主要问题及改进情况

政策解读的形式还不够丰富。{year + 1}年，我县将进一步丰富解读形式。

六、其他需要报告的事项

本年度暂未开展信息处理费收取工作。

示例县人民政府办公室

{year + 1}年1月20日
"""


META_2022 = """索引号：11320000000001/2023-00007    主题分类：政府信息公开年报
发文机关：示例县人民政府办公室    成文日期：2023年1月20日
名称：某某省示例市示例县人民政府2022年政府信息公开工作年度报告
文号：    发布日期：2023年1月20日

"""

if __name__ == "__main__":
    files = {
        "syn_2020_trial_town.html": html_trial_town(),
        "syn_2022_pdftext_bureau.txt": pdf_text_bureau(),
        "syn_2021_county.md": county(2021, "示例县人民政府", 0, 2, in_force=(8, 1, 0, 9)),
        "syn_2022_county_renamed.md": county(
            2022, "某某省示例市示例县人民政府", 1, 0, META_2022, in_force=(9, 2, 1, 10)),
    }
    for name, text in files.items():
        with open(name, "w", encoding="utf-8") as f:
            f.write(text)
        print("wrote", name)
