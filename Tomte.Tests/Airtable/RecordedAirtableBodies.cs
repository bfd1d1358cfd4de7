namespace Tomte.Tests.Airtable;

/// <summary>
/// Response bodies recorded from the real Airtable API, kept unchanged (pretty-printed); each constant names its
/// file, and docs/SOURCES.md says where each came from. Sources, all MIT-licensed: grouparoo/grouparoo a453a40b
/// (nock recordings of api.airtable.com, January 2022; Grouparoo Inc.), gtalarico/pyairtable 5428ad08 (recorded
/// 2017; Gui Talarico) and ngocnicholas/airtable.net d4b21814 (captured March 2023; Ngoc Nicholas). No 429 body
/// was ever recorded.
/// </summary>
internal static class RecordedAirtableBodies
{
    /// <summary>list-records-pageSize60-with-offset-GET-200.pyairtable.json</summary>
    public const string ListPage1 = """""
{
  "records": [
    {
      "createdTime": "2017-08-05T23:13:06.000Z",
      "fields": {
        "COLUMN_ID": "211"
      },
      "id": "rec0HLFTLAXuJ6suq"
    },
    {
      "createdTime": "2017-08-05T23:13:11.000Z",
      "fields": {
        "COLUMN_ID": "252"
      },
      "id": "rec0UUQM7OUfLFTVL"
    },
    {
      "createdTime": "2017-08-05T23:13:14.000Z",
      "fields": {
        "COLUMN_ID": "271"
      },
      "id": "rec0WqBhGVoH1dS0d"
    },
    {
      "createdTime": "2017-08-05T23:13:11.000Z",
      "fields": {
        "COLUMN_ID": "249"
      },
      "id": "rec0oHxefA2qirl5g"
    },
    {
      "createdTime": "2017-08-05T23:12:57.000Z",
      "fields": {
        "COLUMN_ID": "153"
      },
      "id": "rec0wki4xSK4DCuEv"
    },
    {
      "createdTime": "2017-08-05T23:12:39.000Z",
      "fields": {
        "COLUMN_ID": "56"
      },
      "id": "rec1Ba3WI6EBds4wf"
    },
    {
      "createdTime": "2017-08-05T23:12:55.000Z",
      "fields": {
        "COLUMN_ID": "146"
      },
      "id": "rec1ExHKp6epnBCUW"
    },
    {
      "createdTime": "2017-08-05T23:13:09.000Z",
      "fields": {
        "COLUMN_ID": "238"
      },
      "id": "rec1INk1BEJ22VGXg"
    },
    {
      "createdTime": "2017-08-05T23:13:07.000Z",
      "fields": {
        "COLUMN_ID": "223"
      },
      "id": "rec1P52nQbCK5aaII"
    },
    {
      "createdTime": "2017-08-05T23:12:42.000Z",
      "fields": {
        "COLUMN_ID": "71"
      },
      "id": "rec1SRiVumK6oVBrT"
    },
    {
      "createdTime": "2017-08-05T23:12:45.000Z",
      "fields": {
        "COLUMN_ID": "93"
      },
      "id": "rec1aYCFZqQOBlIO0"
    },
    {
      "createdTime": "2017-08-05T23:13:04.000Z",
      "fields": {
        "COLUMN_ID": "197"
      },
      "id": "rec1dpWgg9r2Q9W1k"
    },
    {
      "createdTime": "2017-08-05T23:12:35.000Z",
      "fields": {
        "COLUMN_ID": "26"
      },
      "id": "rec25OInfY56QbDT5"
    },
    {
      "createdTime": "2017-08-05T23:12:50.000Z",
      "fields": {
        "COLUMN_ID": "112"
      },
      "id": "rec2GqUFVAYsA1tnB"
    },
    {
      "createdTime": "2017-08-05T23:13:20.000Z",
      "fields": {
        "COLUMN_ID": "295"
      },
      "id": "rec2O4VhJndqQamTn"
    },
    {
      "createdTime": "2017-08-05T23:12:54.000Z",
      "fields": {
        "COLUMN_ID": "144"
      },
      "id": "rec2XKQvuvoX1Sfp6"
    },
    {
      "createdTime": "2017-08-05T23:12:38.000Z",
      "fields": {
        "COLUMN_ID": "42"
      },
      "id": "rec2uQH5ekgBP7gdL"
    },
    {
      "createdTime": "2017-08-05T23:12:48.000Z",
      "fields": {
        "COLUMN_ID": "102"
      },
      "id": "rec2vKfbcVhn4n4OW"
    },
    {
      "createdTime": "2017-08-05T23:13:12.000Z",
      "fields": {
        "COLUMN_ID": "254"
      },
      "id": "rec2wzLRJ5D51Iozm"
    },
    {
      "createdTime": "2017-08-05T23:12:36.000Z",
      "fields": {
        "COLUMN_ID": "28"
      },
      "id": "rec3sxfC9AmYYEY6J"
    },
    {
      "createdTime": "2017-08-05T23:13:05.000Z",
      "fields": {
        "COLUMN_ID": "203"
      },
      "id": "rec3te9NNdCFPtXOG"
    },
    {
      "createdTime": "2017-08-05T23:12:52.000Z",
      "fields": {
        "COLUMN_ID": "131"
      },
      "id": "rec3vIUKBRAOEc3wj"
    },
    {
      "createdTime": "2017-08-05T23:13:04.000Z",
      "fields": {
        "COLUMN_ID": "196"
      },
      "id": "rec4252oiHSkqJm54"
    },
    {
      "createdTime": "2017-08-05T23:13:00.000Z",
      "fields": {
        "COLUMN_ID": "171"
      },
      "id": "rec46GdtTmknRT7kU"
    },
    {
      "createdTime": "2017-08-05T23:13:00.000Z",
      "fields": {
        "COLUMN_ID": "172"
      },
      "id": "rec4eRgevnfNhQaOn"
    },
    {
      "createdTime": "2017-08-05T23:12:39.000Z",
      "fields": {
        "COLUMN_ID": "52"
      },
      "id": "rec4fHJmAwVgEgpwe"
    },
    {
      "createdTime": "2017-08-05T23:12:39.000Z",
      "fields": {
        "COLUMN_ID": "53"
      },
      "id": "rec4loEOYJi1Uslsf"
    },
    {
      "createdTime": "2017-08-05T23:12:51.000Z",
      "fields": {
        "COLUMN_ID": "126"
      },
      "id": "rec53iT0FWx4ag7dV"
    },
    {
      "createdTime": "2017-08-05T23:12:43.000Z",
      "fields": {
        "COLUMN_ID": "78"
      },
      "id": "rec57qG1uj3sYkJrY"
    },
    {
      "createdTime": "2017-08-05T23:12:40.000Z",
      "fields": {
        "COLUMN_ID": "60"
      },
      "id": "rec585O3k9kSqPOmo"
    },
    {
      "createdTime": "2017-08-05T23:12:58.000Z",
      "fields": {
        "COLUMN_ID": "155"
      },
      "id": "rec5AyfpzQ4tIiabn"
    },
    {
      "createdTime": "2017-08-05T23:13:08.000Z",
      "fields": {
        "COLUMN_ID": "225"
      },
      "id": "rec5WBBcuBHsPFvnx"
    },
    {
      "createdTime": "2017-08-05T21:47:52.000Z",
      "fields": {
        "COLUMN_ID": "3",
        "COLUMN_STR": "DUPLICATE"
      },
      "id": "rec5eR7IzKSAOBHCz"
    },
    {
      "createdTime": "2017-08-05T23:13:12.000Z",
      "fields": {
        "COLUMN_ID": "258"
      },
      "id": "rec5ogrbxpXx37aMS"
    },
    {
      "createdTime": "2017-08-05T23:12:51.000Z",
      "fields": {
        "COLUMN_ID": "121"
      },
      "id": "rec5wMSpf9HBjxHZv"
    },
    {
      "createdTime": "2017-08-05T23:13:08.000Z",
      "fields": {
        "COLUMN_ID": "227"
      },
      "id": "rec68h3wpBBmVMAbV"
    },
    {
      "createdTime": "2017-08-05T23:12:53.000Z",
      "fields": {
        "COLUMN_ID": "141"
      },
      "id": "rec6APVgfRrpHzPw7"
    },
    {
      "createdTime": "2017-08-05T23:12:39.000Z",
      "fields": {
        "COLUMN_ID": "51"
      },
      "id": "rec6BnEfjGEYysGlh"
    },
    {
      "createdTime": "2017-08-05T23:12:32.000Z",
      "fields": {
        "COLUMN_ID": "5"
      },
      "id": "rec6YVuYv27rlzARi"
    },
    {
      "createdTime": "2017-08-05T23:13:06.000Z",
      "fields": {
        "COLUMN_ID": "217"
      },
      "id": "rec6pQ7OXWpQUIK4d"
    },
    {
      "createdTime": "2017-08-05T23:12:38.000Z",
      "fields": {
        "COLUMN_ID": "45"
      },
      "id": "rec7ErAm0hHcG64mw"
    },
    {
      "createdTime": "2017-08-05T23:13:08.000Z",
      "fields": {
        "COLUMN_ID": "228"
      },
      "id": "rec7LOBHCQRADfAu2"
    },
    {
      "createdTime": "2017-08-05T23:12:58.000Z",
      "fields": {
        "COLUMN_ID": "157"
      },
      "id": "rec7bEJ3RV2Cb98oC"
    },
    {
      "createdTime": "2017-08-05T23:12:51.000Z",
      "fields": {
        "COLUMN_ID": "127"
      },
      "id": "rec7noAZZyHhSFUR0"
    },
    {
      "createdTime": "2017-08-05T23:13:08.000Z",
      "fields": {
        "COLUMN_ID": "230"
      },
      "id": "rec7s2svyVu2Btooj"
    },
    {
      "createdTime": "2017-08-05T23:12:50.000Z",
      "fields": {
        "COLUMN_ID": "116"
      },
      "id": "rec8cAd29CegwvDAg"
    },
    {
      "createdTime": "2017-08-05T23:12:49.000Z",
      "fields": {
        "COLUMN_ID": "104"
      },
      "id": "rec97fLdYJYcDd695"
    },
    {
      "createdTime": "2017-08-05T23:12:46.000Z",
      "fields": {
        "COLUMN_ID": "94"
      },
      "id": "rec9DhB3cwcSOGoE8"
    },
    {
      "createdTime": "2017-08-05T23:12:45.000Z",
      "fields": {
        "COLUMN_ID": "90"
      },
      "id": "rec9EMKGxYkLv5lco"
    },
    {
      "createdTime": "2017-08-05T23:13:20.000Z",
      "fields": {
        "COLUMN_ID": "297"
      },
      "id": "rec9kfYgFLtt1Ncjv"
    },
    {
      "createdTime": "2017-08-05T23:13:10.000Z",
      "fields": {
        "COLUMN_ID": "242"
      },
      "id": "rec9otVLDra7siTSR"
    },
    {
      "createdTime": "2017-08-05T23:13:19.000Z",
      "fields": {
        "COLUMN_ID": "288"
      },
      "id": "recA0s0Sgw3WyHp82"
    },
    {
      "createdTime": "2017-08-05T23:12:42.000Z",
      "fields": {
        "COLUMN_ID": "72"
      },
      "id": "recA5dWtCtrKPSOnB"
    },
    {
      "createdTime": "2017-08-05T23:13:11.000Z",
      "fields": {
        "COLUMN_ID": "246"
      },
      "id": "recAWUmoRqBw51QBo"
    },
    {
      "createdTime": "2017-08-05T23:12:43.000Z",
      "fields": {
        "COLUMN_ID": "85"
      },
      "id": "recAYNpoUhHECnJls"
    },
    {
      "createdTime": "2017-08-05T23:13:12.000Z",
      "fields": {
        "COLUMN_ID": "260"
      },
      "id": "recAcvHE6zSZqPne3"
    },
    {
      "createdTime": "2017-08-05T23:13:03.000Z",
      "fields": {
        "COLUMN_ID": "195"
      },
      "id": "recAsgZpffXepUhDu"
    },
    {
      "createdTime": "2017-08-05T23:13:02.000Z",
      "fields": {
        "COLUMN_ID": "185"
      },
      "id": "recAwU7IRtpTDhS71"
    },
    {
      "createdTime": "2017-08-05T23:13:09.000Z",
      "fields": {
        "COLUMN_ID": "232"
      },
      "id": "recB59K8SacwJo149"
    },
    {
      "createdTime": "2017-08-05T23:12:52.000Z",
      "fields": {
        "COLUMN_ID": "133"
      },
      "id": "recBCnJaHgUe7VUlV"
    }
  ],
  "offset": "itrsyf33wQLm78zi4/recBCnJaHgUe7VUlV"
}
""""";

    /// <summary>list-records-second-page-with-offset-GET-200.pyairtable.json</summary>
    public const string ListPage2 = """""
{
  "records": [
    {
      "createdTime": "2017-08-05T23:12:50.000Z",
      "fields": {
        "COLUMN_ID": "113"
      },
      "id": "recKAulP124MHRVBA"
    },
    {
      "createdTime": "2017-08-05T23:12:43.000Z",
      "fields": {
        "COLUMN_ID": "81"
      },
      "id": "recKMF8jXNfA3nwbP"
    },
    {
      "createdTime": "2017-08-05T23:13:11.000Z",
      "fields": {
        "COLUMN_ID": "251"
      },
      "id": "recKsRRDIvPIbgiKB"
    },
    {
      "createdTime": "2017-08-05T23:12:59.000Z",
      "fields": {
        "COLUMN_ID": "160"
      },
      "id": "recL8kyOPdWBLjW2I"
    },
    {
      "createdTime": "2017-08-05T23:12:33.000Z",
      "fields": {
        "COLUMN_ID": "10"
      },
      "id": "recLEzNSN0rcOHJVd"
    },
    {
      "createdTime": "2017-08-05T23:13:09.000Z",
      "fields": {
        "COLUMN_ID": "236"
      },
      "id": "recLGf6IrUiAwGqxh"
    },
    {
      "createdTime": "2017-08-05T23:13:17.000Z",
      "fields": {
        "COLUMN_ID": "282"
      },
      "id": "recLJWOufYdvzDo69"
    },
    {
      "createdTime": "2017-08-05T23:12:33.000Z",
      "fields": {
        "COLUMN_ID": "8"
      },
      "id": "recLvrY7N8rfOVCXm"
    },
    {
      "createdTime": "2017-08-05T23:12:43.000Z",
      "fields": {
        "COLUMN_ID": "82"
      },
      "id": "recMA6fft35pKlXFN"
    },
    {
      "createdTime": "2017-08-05T23:12:42.000Z",
      "fields": {
        "COLUMN_ID": "70"
      },
      "id": "recMBRtreJ69ZbzZU"
    },
    {
      "createdTime": "2017-08-05T23:12:52.000Z",
      "fields": {
        "COLUMN_ID": "135"
      },
      "id": "recMMCqzSYAuvXCSh"
    },
    {
      "createdTime": "2017-08-05T23:12:37.000Z",
      "fields": {
        "COLUMN_ID": "38"
      },
      "id": "recMRbpEYSYO2aYtq"
    },
    {
      "createdTime": "2017-08-05T23:12:56.000Z",
      "fields": {
        "COLUMN_ID": "149"
      },
      "id": "recMSnJpoYXniLYte"
    },
    {
      "createdTime": "2017-08-05T23:13:04.000Z",
      "fields": {
        "COLUMN_ID": "198"
      },
      "id": "recMTTF2R0W6ig1EC"
    },
    {
      "createdTime": "2017-08-05T23:12:37.000Z",
      "fields": {
        "COLUMN_ID": "34"
      },
      "id": "recMdWkeOgjARcoHe"
    },
    {
      "createdTime": "2017-08-05T23:12:36.000Z",
      "fields": {
        "COLUMN_ID": "27"
      },
      "id": "recMomLEShfR82hgA"
    },
    {
      "createdTime": "2017-08-05T23:13:10.000Z",
      "fields": {
        "COLUMN_ID": "239"
      },
      "id": "recMq6QYHfbkoTBLi"
    },
    {
      "createdTime": "2017-08-05T23:13:19.000Z",
      "fields": {
        "COLUMN_ID": "294"
      },
      "id": "recMv1HH848cxXvrr"
    },
    {
      "createdTime": "2017-08-05T23:12:45.000Z",
      "fields": {
        "COLUMN_ID": "92"
      },
      "id": "recNRNIhCCO9ILQeU"
    },
    {
      "createdTime": "2017-08-05T23:13:14.000Z",
      "fields": {
        "COLUMN_ID": "272"
      },
      "id": "recO5MoSurq5SUvoO"
    },
    {
      "createdTime": "2017-08-05T23:13:10.000Z",
      "fields": {
        "COLUMN_ID": "245"
      },
      "id": "recOKlq864bOWc5C2"
    },
    {
      "createdTime": "2017-08-05T23:13:13.000Z",
      "fields": {
        "COLUMN_ID": "266"
      },
      "id": "recOZFaiYPZNdbNJo"
    },
    {
      "createdTime": "2017-08-05T23:13:18.000Z",
      "fields": {
        "COLUMN_ID": "285"
      },
      "id": "recOpT0cmnpPw54e2"
    },
    {
      "createdTime": "2017-08-05T23:12:53.000Z",
      "fields": {
        "COLUMN_ID": "139"
      },
      "id": "recOtCCYdLuhzYJD8"
    },
    {
      "createdTime": "2017-08-05T23:13:02.000Z",
      "fields": {
        "COLUMN_ID": "181"
      },
      "id": "recP2KCSCoKOLCgCK"
    },
    {
      "createdTime": "2017-08-05T23:13:19.000Z",
      "fields": {
        "COLUMN_ID": "292"
      },
      "id": "recP9c5ZNA1OtKkX5"
    },
    {
      "createdTime": "2017-08-05T23:12:32.000Z",
      "fields": {
        "COLUMN_ID": "7"
      },
      "id": "recPXfJtkbFCgrLzI"
    },
    {
      "createdTime": "2017-08-05T23:13:01.000Z",
      "fields": {
        "COLUMN_ID": "174"
      },
      "id": "recPicLvuDJbjku2s"
    },
    {
      "createdTime": "2017-08-05T23:12:38.000Z",
      "fields": {
        "COLUMN_ID": "43"
      },
      "id": "recPoMwYg0b4ExK9v"
    },
    {
      "createdTime": "2017-08-05T23:12:37.000Z",
      "fields": {
        "COLUMN_ID": "40"
      },
      "id": "recQ2R8btTexkDA3Y"
    },
    {
      "createdTime": "2017-08-05T23:12:55.000Z",
      "fields": {
        "COLUMN_ID": "145"
      },
      "id": "recQCUjsmbmujMg7G"
    },
    {
      "createdTime": "2017-08-05T23:13:09.000Z",
      "fields": {
        "COLUMN_ID": "235"
      },
      "id": "recQfAB1kLGX8ToXi"
    },
    {
      "createdTime": "2017-08-05T23:12:48.000Z",
      "fields": {
        "COLUMN_ID": "101"
      },
      "id": "recQpxqlI94sEqPQB"
    },
    {
      "createdTime": "2017-08-05T23:12:33.000Z",
      "fields": {
        "COLUMN_ID": "11"
      },
      "id": "recR3xNuCjw7gBLLe"
    },
    {
      "createdTime": "2017-08-05T23:12:34.000Z",
      "fields": {
        "COLUMN_ID": "15"
      },
      "id": "recRBWVxLdrRPfc1k"
    },
    {
      "createdTime": "2017-08-05T23:13:17.000Z",
      "fields": {
        "COLUMN_ID": "281"
      },
      "id": "recRCzkGljQlrReIf"
    },
    {
      "createdTime": "2017-08-05T23:13:02.000Z",
      "fields": {
        "COLUMN_ID": "186"
      },
      "id": "recRIKqtR3LB36U2a"
    },
    {
      "createdTime": "2017-08-05T23:13:09.000Z",
      "fields": {
        "COLUMN_ID": "237"
      },
      "id": "recSVs3moEiP6lJv3"
    },
    {
      "createdTime": "2017-08-05T23:12:49.000Z",
      "fields": {
        "COLUMN_ID": "105"
      },
      "id": "recSwTYx6AcuRQ3mC"
    },
    {
      "createdTime": "2017-08-05T23:12:50.000Z",
      "fields": {
        "COLUMN_ID": "117"
      },
      "id": "recSzMDOIlhV2bK6A"
    },
    {
      "createdTime": "2017-08-05T23:13:12.000Z",
      "fields": {
        "COLUMN_ID": "261"
      },
      "id": "recTtkfKdTECruqOR"
    },
    {
      "createdTime": "2017-08-05T23:13:00.000Z",
      "fields": {
        "COLUMN_ID": "167"
      },
      "id": "recUcJH2VzHN9QKCS"
    },
    {
      "createdTime": "2017-08-05T23:12:51.000Z",
      "fields": {
        "COLUMN_ID": "125"
      },
      "id": "recUfPqvvMIIQku3h"
    },
    {
      "createdTime": "2017-08-05T23:13:07.000Z",
      "fields": {
        "COLUMN_ID": "221"
      },
      "id": "recUuWRujG6pSiBoW"
    },
    {
      "createdTime": "2017-08-05T23:13:13.000Z",
      "fields": {
        "COLUMN_ID": "264"
      },
      "id": "recUzS0VzyU0w9iUn"
    },
    {
      "createdTime": "2017-08-05T23:12:40.000Z",
      "fields": {
        "COLUMN_ID": "61"
      },
      "id": "recVAT0uDAarypOqJ"
    },
    {
      "createdTime": "2017-08-05T23:12:41.000Z",
      "fields": {
        "COLUMN_ID": "69"
      },
      "id": "recVRnC6knlZg8pLh"
    },
    {
      "createdTime": "2017-08-05T23:13:15.000Z",
      "fields": {
        "COLUMN_ID": "275"
      },
      "id": "recVabiVs7GOpLl7N"
    },
    {
      "createdTime": "2017-08-05T23:12:40.000Z",
      "fields": {
        "COLUMN_ID": "58"
      },
      "id": "recVlpdHDA2nE2jZJ"
    },
    {
      "createdTime": "2017-08-05T23:13:19.000Z",
      "fields": {
        "COLUMN_ID": "291"
      },
      "id": "recVm5ZPCY4h8V70A"
    },
    {
      "createdTime": "2017-08-05T23:12:33.000Z",
      "fields": {
        "COLUMN_ID": "9"
      },
      "id": "recXGfqrBs4ecJnSH"
    },
    {
      "createdTime": "2017-08-05T23:12:47.000Z",
      "fields": {
        "COLUMN_ID": "97"
      },
      "id": "recXRRUgoMNBWImUn"
    },
    {
      "createdTime": "2017-08-05T23:13:02.000Z",
      "fields": {
        "COLUMN_ID": "187"
      },
      "id": "recXlYjhTJgBj5031"
    },
    {
      "createdTime": "2017-08-05T23:13:06.000Z",
      "fields": {
        "COLUMN_ID": "214"
      },
      "id": "recXnNG3zyfzgsk5B"
    },
    {
      "createdTime": "2017-08-05T23:13:20.000Z",
      "fields": {
        "COLUMN_ID": "299"
      },
      "id": "recY8aca5PAkWjWzA"
    },
    {
      "createdTime": "2017-08-05T23:12:57.000Z",
      "fields": {
        "COLUMN_ID": "151"
      },
      "id": "recYDF8yKmF53NQc6"
    },
    {
      "createdTime": "2017-08-05T23:13:05.000Z",
      "fields": {
        "COLUMN_ID": "206"
      },
      "id": "recZKH62wFWhYrlJK"
    },
    {
      "createdTime": "2017-08-05T23:12:36.000Z",
      "fields": {
        "COLUMN_ID": "32"
      },
      "id": "recZlFEYx36sBeDIb"
    },
    {
      "createdTime": "2017-08-05T23:13:11.000Z",
      "fields": {
        "COLUMN_ID": "253"
      },
      "id": "recZxwp0zqInY1Buw"
    },
    {
      "createdTime": "2017-08-05T23:12:55.000Z",
      "fields": {
        "COLUMN_ID": "148"
      },
      "id": "recaQT06mRVVY6zti"
    },
    {
      "createdTime": "2017-08-05T23:13:01.000Z",
      "fields": {
        "COLUMN_ID": "180"
      },
      "id": "recaRkrnerREGhRBD"
    },
    {
      "createdTime": "2017-08-05T23:12:48.000Z",
      "fields": {
        "COLUMN_ID": "103"
      },
      "id": "recaTtWrfKiFt3qYM"
    },
    {
      "createdTime": "2017-08-05T23:12:46.000Z",
      "fields": {
        "COLUMN_ID": "95"
      },
      "id": "recbS7kzEAvm58cE0"
    },
    {
      "createdTime": "2017-08-05T23:12:41.000Z",
      "fields": {
        "COLUMN_ID": "64"
      },
      "id": "recbXvhgltkSgllTD"
    },
    {
      "createdTime": "2017-08-05T23:13:19.000Z",
      "fields": {
        "COLUMN_ID": "289"
      },
      "id": "recbk7XXL1MitlAda"
    },
    {
      "createdTime": "2017-08-05T23:12:35.000Z",
      "fields": {
        "COLUMN_ID": "23"
      },
      "id": "reccdAHR2mwbioLOQ"
    },
    {
      "createdTime": "2017-08-05T23:13:02.000Z",
      "fields": {
        "COLUMN_ID": "184"
      },
      "id": "reccoWHaZZPaRFFnL"
    },
    {
      "createdTime": "2017-08-05T23:12:53.000Z",
      "fields": {
        "COLUMN_ID": "142"
      },
      "id": "recct7rio6uuc2pfa"
    },
    {
      "createdTime": "2017-08-05T23:12:47.000Z",
      "fields": {
        "COLUMN_ID": "99"
      },
      "id": "recctGXwiVs9jK3po"
    },
    {
      "createdTime": "2017-08-05T23:16:51.000Z",
      "fields": {
        "COLUMN_ID": "300"
      },
      "id": "reccuCLnavaYaPUba"
    },
    {
      "createdTime": "2017-08-05T23:12:58.000Z",
      "fields": {
        "COLUMN_ID": "156"
      },
      "id": "recczbxx2GR0nO6xF"
    },
    {
      "createdTime": "2017-08-05T23:12:50.000Z",
      "fields": {
        "COLUMN_ID": "115"
      },
      "id": "recdNYxKXWLp8Wj5w"
    },
    {
      "createdTime": "2017-08-05T23:12:49.000Z",
      "fields": {
        "COLUMN_ID": "110"
      },
      "id": "recdqI8fFrvFJgya8"
    },
    {
      "createdTime": "2017-08-05T23:13:06.000Z",
      "fields": {
        "COLUMN_ID": "212"
      },
      "id": "recdwuMZ95YA2Sg0E"
    },
    {
      "createdTime": "2017-08-05T23:13:05.000Z",
      "fields": {
        "COLUMN_ID": "210"
      },
      "id": "rece5HOlEa49H2ExF"
    },
    {
      "createdTime": "2017-08-05T23:12:53.000Z",
      "fields": {
        "COLUMN_ID": "136"
      },
      "id": "receANh5jHSYy80db"
    },
    {
      "createdTime": "2017-08-05T23:13:01.000Z",
      "fields": {
        "COLUMN_ID": "173"
      },
      "id": "receD0maiThs9KDtJ"
    },
    {
      "createdTime": "2017-08-05T23:13:13.000Z",
      "fields": {
        "COLUMN_ID": "269"
      },
      "id": "receG4wdSy1E0JwC8"
    },
    {
      "createdTime": "2017-08-05T23:13:15.000Z",
      "fields": {
        "COLUMN_ID": "278"
      },
      "id": "receH2CrvKQaqheFu"
    },
    {
      "createdTime": "2017-08-05T23:12:53.000Z",
      "fields": {
        "COLUMN_ID": "138"
      },
      "id": "recePmlXPW14ZJ01o"
    },
    {
      "createdTime": "2017-08-05T23:12:38.000Z",
      "fields": {
        "COLUMN_ID": "46"
      },
      "id": "receruyV322u8PQln"
    },
    {
      "createdTime": "2017-08-05T23:12:34.000Z",
      "fields": {
        "COLUMN_ID": "17"
      },
      "id": "recev5l3VIyuKzZzB"
    },
    {
      "createdTime": "2017-08-05T23:13:06.000Z",
      "fields": {
        "COLUMN_ID": "213"
      },
      "id": "recf5yKNrCqjS4MQi"
    },
    {
      "createdTime": "2017-08-05T23:13:00.000Z",
      "fields": {
        "COLUMN_ID": "170"
      },
      "id": "recf9KsXHmnru5T7J"
    },
    {
      "createdTime": "2017-08-05T23:12:50.000Z",
      "fields": {
        "COLUMN_ID": "114"
      },
      "id": "recfGtvVEBfJE62Pm"
    },
    {
      "createdTime": "2017-08-05T23:13:05.000Z",
      "fields": {
        "COLUMN_ID": "207"
      },
      "id": "recfPtXrkVYjbVcAF"
    },
    {
      "createdTime": "2017-08-05T23:13:04.000Z",
      "fields": {
        "COLUMN_ID": "202"
      },
      "id": "recfSKmeoyANTgvEA"
    },
    {
      "createdTime": "2017-08-05T23:13:11.000Z",
      "fields": {
        "COLUMN_ID": "248"
      },
      "id": "recfq0H4D83vOROpc"
    },
    {
      "createdTime": "2017-08-05T23:13:04.000Z",
      "fields": {
        "COLUMN_ID": "200"
      },
      "id": "recfrc1EoxeDlMr8E"
    },
    {
      "createdTime": "2017-08-05T23:12:51.000Z",
      "fields": {
        "COLUMN_ID": "120"
      },
      "id": "recfvjZMaXCSRjEe1"
    },
    {
      "createdTime": "2017-08-05T23:13:16.000Z",
      "fields": {
        "COLUMN_ID": "280"
      },
      "id": "recgGYMC3oTSltndJ"
    },
    {
      "createdTime": "2017-08-05T23:13:12.000Z",
      "fields": {
        "COLUMN_ID": "256"
      },
      "id": "recgJTCs8422PFOWJ"
    },
    {
      "createdTime": "2017-08-05T23:12:53.000Z",
      "fields": {
        "COLUMN_ID": "137"
      },
      "id": "recgeRJuDUr1GGQwI"
    },
    {
      "createdTime": "2017-08-05T23:12:53.000Z",
      "fields": {
        "COLUMN_ID": "140"
      },
      "id": "rech7fRETT4zWFTff"
    },
    {
      "createdTime": "2017-08-05T23:12:59.000Z",
      "fields": {
        "COLUMN_ID": "159"
      },
      "id": "rechD9wXcekejU8iJ"
    },
    {
      "createdTime": "2017-03-20T15:21:50.000Z",
      "fields": {
        "COLUMN_ID": "2",
        "COLUMN_STR": "DUPLICATE"
      },
      "id": "rechOLltN9SpPHq5o"
    },
    {
      "createdTime": "2017-08-05T23:13:06.000Z",
      "fields": {
        "COLUMN_ID": "215"
      },
      "id": "reciGwajcdi60J4FP"
    },
    {
      "createdTime": "2017-08-05T23:12:49.000Z",
      "fields": {
        "COLUMN_ID": "109"
      },
      "id": "reciOu202xTiYRMp6"
    },
    {
      "createdTime": "2017-08-05T23:12:34.000Z",
      "fields": {
        "COLUMN_ID": "18"
      },
      "id": "reciU6dcRJ2lL3E1N"
    },
    {
      "createdTime": "2017-08-05T23:13:10.000Z",
      "fields": {
        "COLUMN_ID": "244"
      },
      "id": "recidalNlK6b1i4Un"
    }
  ],
  "offset": "itrxxbgEd5XUkVg0s/recidalNlK6b1i4Un"
}
""""";

    /// <summary>list-records-empty-GET-200.grouparoo.json</summary>
    public const string ListEmpty = """""
{
  "records": []
}
""""";

    /// <summary>list-records-filterByFormula-GET-200.grouparoo.json</summary>
    public const string ListFiltered = """""
{
  "records": [
    {
      "id": "recafslhLhajIYeaR",
      "fields": {
        "Name": "Jane",
        "f_autoNumber": 173,
        "f_singleLineText": "here",
        "f_button": {
          "label": "Open URL",
          "url": "https://www.grouparoo.com"
        },
        "f_createdBy": {
          "id": "usrPnLezZNh82BzJC",
          "email": "brian.leonard@grouparoo.com",
          "name": "Brian Leonard"
        },
        "f_createdTime": "2022-01-08T00:08:54.000Z",
        "f_formula": "Jane173",
        "f_lastModifiedBy": {
          "id": "usrPnLezZNh82BzJC",
          "email": "brian.leonard@grouparoo.com",
          "name": "Brian Leonard"
        },
        "f_lastModifiedTime": "2022-01-08T00:08:54.000Z",
        "f_rollup": {
          "specialValue": "NaN"
        },
        "f_count": 0
      },
      "createdTime": "2022-01-08T00:08:54.000Z"
    }
  ]
}
""""";

    /// <summary>get-record-GET-200.grouparoo.json</summary>
    public const string GetRecord = """""
{
  "id": "recafslhLhajIYeaR",
  "fields": {
    "Name": "Jane",
    "f_autoNumber": 173,
    "f_singleLineText": "updated",
    "f_button": {
      "label": "Open URL",
      "url": "https://www.grouparoo.com"
    },
    "f_createdBy": {
      "id": "usrPnLezZNh82BzJC",
      "email": "brian.leonard@grouparoo.com",
      "name": "Brian Leonard"
    },
    "f_createdTime": "2022-01-08T00:08:54.000Z",
    "f_formula": "Jane173",
    "f_lastModifiedBy": {
      "id": "usrPnLezZNh82BzJC",
      "email": "brian.leonard@grouparoo.com",
      "name": "Brian Leonard"
    },
    "f_lastModifiedTime": "2022-01-08T00:08:56.000Z",
    "f_rollup": {
      "specialValue": "NaN"
    },
    "f_count": 0,
    "f_number": 5.7
  },
  "createdTime": "2022-01-08T00:08:54.000Z"
}
""""";

    /// <summary>create-records-POST-200.grouparoo.json</summary>
    public const string Create = """""
{
  "records": [
    {
      "id": "recUH5O6ACAG4vP41",
      "fields": {
        "Name": "John Doe",
        "f_autoNumber": 175,
        "f_checkbox": true,
        "f_currency": 20.34,
        "f_date": "2021-12-26",
        "f_dateTime": "2021-12-26T12:00:00.000Z",
        "f_duration": 4890,
        "f_email": "me@example.com",
        "f_multilineText": "i know\nlines",
        "f_multipleSelects": [
          "Red",
          "Green"
        ],
        "f_number": 7.1,
        "f_percent": 33.3,
        "f_phoneNumber": "617 555-1234",
        "f_rating": 1,
        "f_richText": "#header\n- bullet\n",
        "f_singleLineText": "finally, a regular field",
        "f_singleSelect": "Blue",
        "f_url": "https://www.google.com",
        "f_button": {
          "label": "Open URL",
          "url": "https://www.grouparoo.com"
        },
        "f_createdBy": {
          "id": "usrPnLezZNh82BzJC",
          "email": "brian.leonard@grouparoo.com",
          "name": "Brian Leonard"
        },
        "f_createdTime": "2022-01-08T00:09:05.000Z",
        "f_formula": "John Doe175",
        "f_lastModifiedBy": {
          "id": "usrPnLezZNh82BzJC",
          "email": "brian.leonard@grouparoo.com",
          "name": "Brian Leonard"
        },
        "f_lastModifiedTime": "2022-01-08T00:09:05.000Z",
        "f_rollup": {
          "specialValue": "NaN"
        },
        "f_count": 0
      },
      "createdTime": "2022-01-08T00:09:05.000Z"
    }
  ]
}
""""";

    /// <summary>update-records-PATCH-200.grouparoo.json</summary>
    public const string Update = """""
{
  "records": [
    {
      "id": "recafslhLhajIYeaR",
      "fields": {
        "Name": "Jane",
        "f_autoNumber": 173,
        "f_singleLineText": "updated",
        "f_button": {
          "label": "Open URL",
          "url": "https://www.grouparoo.com"
        },
        "f_createdBy": {
          "id": "usrPnLezZNh82BzJC",
          "email": "brian.leonard@grouparoo.com",
          "name": "Brian Leonard"
        },
        "f_createdTime": "2022-01-08T00:08:54.000Z",
        "f_formula": "Jane173",
        "f_lastModifiedBy": {
          "id": "usrPnLezZNh82BzJC",
          "email": "brian.leonard@grouparoo.com",
          "name": "Brian Leonard"
        },
        "f_lastModifiedTime": "2022-01-08T00:08:56.000Z",
        "f_rollup": {
          "specialValue": "NaN"
        },
        "f_count": 0,
        "f_number": 5.7
      },
      "createdTime": "2022-01-08T00:08:54.000Z"
    }
  ]
}
""""";

    /// <summary>upsert-records-PUT-performUpsert-200.airtable-net.json</summary>
    public const string Upsert = """""
{
  "records": [
    {
      "id": "reciLHL1j9iKOAmAd",
      "createdTime": "2023-03-06T20:26:12.000Z",
      "fields": {
        "Name": "Pierre-Auguste Renoir",
        "Bank Name": "Banque Republique de France"
      }
    },
    {
      "id": "reckuK4megeU6gVot",
      "createdTime": "2023-03-06T20:26:12.000Z",
      "fields": {
        "Bio": "He is as good as his father",
        "Name": "Renoir-son"
      }
    },
    {
      "id": "recGKfzWzSmSlqenh",
      "createdTime": "2023-03-06T21:02:48.000Z",
      "fields": {
        "Name": "Edgar Degas",
        "Bio": "He is an honest artist.",
        "On Display?": true,
        "Bank Name": "Chase Bank"
      }
    }
  ],
  "updatedRecords": [
    "reciLHL1j9iKOAmAd",
    "reckuK4megeU6gVot"
  ],
  "createdRecords": [
    "recGKfzWzSmSlqenh"
  ]
}
""""";

    /// <summary>upsert-records-PUT-performUpsert.request-body.airtable-net.json</summary>
    public const string UpsertRequest = """""
{
  "performUpsert": {
    "fieldsToMergeOn": [
      "Name",
      "Bio",
      "Bank Name"
    ]
  },
  "returnFieldsByFieldId": false,
  "typecast": false,
  "records": [
    {
      "id": "reciLHL1j9iKOAmAd",
      "fields": {
        "Name": "Pierre-Auguste Renoir",
        "Bank Name": "Banque Republique de France"
      }
    },
    {
      "id": "reckuK4megeU6gVot",
      "fields": {
        "Name": "Renoir-son",
        "Bio": "He is as good as his father"
      }
    },
    {
      "fields": {
        "Name": "Edgar Degas",
        "On Display?": true,
        "Bank Name": "Chase Bank",
        "Bio": "He is an honest artist."
      }
    }
  ]
}
""""";

    /// <summary>delete-records-DELETE-200.grouparoo.json</summary>
    public const string DeleteMany = """""
{
  "records": [
    {
      "deleted": true,
      "id": "recafslhLhajIYeaR"
    },
    {
      "deleted": true,
      "id": "recl2uR6XUHpiPIGJ"
    }
  ]
}
""""";

    /// <summary>meta-base-tables-GET-200.grouparoo.json</summary>
    public const string MetaBaseTables = """""
{
  "tables": [
    {
      "id": "tbllaopqRMNISUAiH",
      "name": "📣 Campaigns",
      "primaryFieldId": "fldXl5MmXYEVxSdkP",
      "fields": [
        {
          "type": "singleLineText",
          "id": "fldXl5MmXYEVxSdkP",
          "name": "Campaign"
        },
        {
          "type": "singleSelect",
          "options": {
            "choices": [
              {
                "id": "selGbc51zW9NNXioe",
                "name": "Development",
                "color": "cyanLight1"
              },
              {
                "id": "selcH0bR5RphHERXC",
                "name": "Planning",
                "color": "yellowLight1"
              },
              {
                "id": "self9uR9Ich39AMxc",
                "name": "Reviews",
                "color": "tealLight1"
              },
              {
                "id": "selDqi0T6dJ9Ei6I5",
                "name": "Published",
                "color": "greenLight1"
              },
              {
                "id": "selnxBXz0ZNqhJ4tI",
                "name": "On hold",
                "color": "grayBright"
              }
            ]
          },
          "id": "fldBVM4RoPpelu5ij",
          "name": "Status"
        },
        {
          "type": "multilineText",
          "id": "fldnCtIwo2Mx1vUvv",
          "name": "Goal"
        },
        {
          "type": "singleSelect",
          "options": {
            "choices": [
              {
                "id": "selm9n1xW4BfTd2oJ",
                "name": "Awareness",
                "color": "blueBright"
              },
              {
                "id": "selcVFCFhg5WGJmFe",
                "name": "Consideration",
                "color": "cyanBright"
              },
              {
                "id": "selO9W3htGj6sD52O",
                "name": "Conversion",
                "color": "greenBright"
              }
            ]
          },
          "id": "fldaW3JeMwweQbWAr",
          "name": "Funnel stage"
        },
        {
          "type": "date",
          "id": "fldyaPNESozF6ORmt",
          "name": "Start date"
        },
        {
          "type": "date",
          "id": "fldieSrbU1PLmz4dm",
          "name": "End date"
        },
        {
          "type": "multipleLookupValues",
          "id": "fldlkTL8a7A2dQqVj",
          "name": "Next steps (from 📈 Results 2)"
        },
        {
          "type": "multipleLookupValues",
          "id": "flddnZ3LBa0SgVEmv",
          "name": "Platform (from 💼 Ad sets table)"
        },
        {
          "type": "multipleRecordLinks",
          "options": {
            "linkedTableId": "tbl2z61REOeVsBT50",
            "isReversed": false,
            "prefersSingleRecordLink": false,
            "inverseLinkFieldId": "fldFSRqEmj3PSjIzQ"
          },
          "id": "fld1EoChduqR62TBG",
          "name": "💼 Ad sets"
        },
        {
          "type": "multipleRecordLinks",
          "options": {
            "linkedTableId": "tblyM3d3KYX1fBXpA",
            "isReversed": false,
            "prefersSingleRecordLink": false,
            "inverseLinkFieldId": "fld40kIuGumksMtWL"
          },
          "id": "fldyeOPwrLYBpg2Wf",
          "name": "📈 Results (from 📈 Results table)"
        },
        {
          "type": "singleLineText",
          "id": "fldztbNH0WRvgGvbz",
          "name": "All"
        }
      ],
      "views": [
        {
          "id": "viwgcdA7Qjq3WxpfO",
          "name": "All campaigns",
          "type": "grid"
        },
        {
          "id": "viwfGRAKNvreWolEB",
          "name": "👀 Campaign gantt view",
          "type": "block"
        },
        {
          "id": "viwqOY5fz4fFDEyW4",
          "name": "Campaign status dashboard",
          "type": "kanban"
        }
      ]
    },
    {
      "id": "tbl2z61REOeVsBT50",
      "name": "💼 Ad sets",
      "primaryFieldId": "fldPcImpB9Lpi6pat",
      "fields": [
        {
          "type": "singleLineText",
          "id": "fldPcImpB9Lpi6pat",
          "name": "Ad set"
        },
        {
          "type": "multipleAttachments",
          "id": "fldLQH6t63Uhr2xr1",
          "name": "Creative"
        },
        {
          "type": "multilineText",
          "id": "fldl8ubf25DCzQg1N",
          "name": "Copy"
        },
        {
          "type": "multipleSelects",
          "options": {
            "choices": [
              {
                "id": "selvoanFS5hzLKwF6",
                "name": "Facebook",
                "color": "blueLight2"
              },
              {
                "id": "selytfWYaGDDZWbDa",
                "name": "Google",
                "color": "cyanLight2"
              },
              {
                "id": "sellVrut6U0AzuA8k",
                "name": "LinkedIn",
                "color": "tealLight2"
              },
              {
                "id": "selv7nX8gxvaXxzfl",
                "name": "Twitter",
                "color": "greenLight2"
              },
              {
                "id": "selBn4R9apewbI6aF",
                "name": "Instagram",
                "color": "yellowLight2"
              },
              {
                "id": "selv9aI9AuUX7iGyJ",
                "name": "Print",
                "color": "orangeLight2"
              },
              {
                "id": "sel4J6O4favGEqXvd",
                "name": "Out of home",
                "color": "redLight2"
              }
            ]
          },
          "id": "fldPZY9GEYSXkdHhR",
          "name": "Platform"
        },
        {
          "type": "multipleRecordLinks",
          "options": {
            "linkedTableId": "tbllaopqRMNISUAiH",
            "isReversed": false,
            "prefersSingleRecordLink": false,
            "inverseLinkFieldId": "fld1EoChduqR62TBG"
          },
          "id": "fldFSRqEmj3PSjIzQ",
          "name": "📣 Campaigns (from 📣 Campaigns table)"
        }
      ],
      "views": [
        {
          "id": "viwGmtJrx4uVpEBSl",
          "name": "👋 Ads and creative",
          "type": "gallery"
        },
        {
          "id": "viw6lvMRKfFpsI7FX",
          "name": "All ad sets",
          "type": "grid"
        },
        {
          "id": "viwimOL0uAMSsHlEA",
          "name": "Ad set platforms",
          "type": "grid"
        }
      ]
    },
    {
      "id": "tblyM3d3KYX1fBXpA",
      "name": "📈 Results",
      "primaryFieldId": "fldBVBhBGvpKisMXL",
      "fields": [
        {
          "type": "singleLineText",
          "id": "fldBVBhBGvpKisMXL",
          "name": "Name"
        },
        {
          "type": "singleLineText",
          "id": "fldj7GLWklUwld5VL",
          "name": "Goals"
        },
        {
          "type": "currency",
          "id": "fldj2asLrPL9EBjrE",
          "name": "Spend"
        },
        {
          "type": "number",
          "id": "fldGiTdXaCzx8AJiU",
          "name": "Impressions"
        },
        {
          "type": "formula",
          "id": "flddZefEDkKO2p8DV",
          "name": "CPM"
        },
        {
          "type": "number",
          "id": "fldHZVikg7Yb0zinz",
          "name": "Clicks"
        },
        {
          "type": "formula",
          "id": "flddguD1i35j8EOet",
          "name": "CPC"
        },
        {
          "type": "number",
          "id": "fldhjo5vgOioU4tbb",
          "name": "Conversions"
        },
        {
          "type": "formula",
          "id": "fldwhATmMKwk2TmpA",
          "name": "CPA"
        },
        {
          "type": "singleSelect",
          "options": {
            "choices": [
              {
                "id": "selogRwMmpKScEQmO",
                "name": "Continue",
                "color": "greenBright"
              },
              {
                "id": "selyo5W8Gnj7vD5c0",
                "name": "Analysis",
                "color": "greenLight2"
              },
              {
                "id": "selYO2Ibe3uIZcoiC",
                "name": "Pause",
                "color": "yellowLight1"
              },
              {
                "id": "sel7HfJDGHFRDOwMn",
                "name": "Stop",
                "color": "redLight1"
              }
            ]
          },
          "id": "fldF1QM4qsQt89PXL",
          "name": "Next steps"
        },
        {
          "type": "multipleRecordLinks",
          "options": {
            "linkedTableId": "tbllaopqRMNISUAiH",
            "isReversed": false,
            "prefersSingleRecordLink": false,
            "inverseLinkFieldId": "fldyeOPwrLYBpg2Wf"
          },
          "id": "fld40kIuGumksMtWL",
          "name": "📣 Campaigns (from 📣 Campaigns table)"
        },
        {
          "type": "multipleRecordLinks",
          "options": {
            "linkedTableId": "tbl2dYOTFAzBLHXTr",
            "isReversed": false,
            "prefersSingleRecordLink": false,
            "inverseLinkFieldId": "fldXuueviR4zEIxoL"
          },
          "id": "fldDkCD5VNAtn3whs",
          "name": "All"
        },
        {
          "type": "multipleRecordLinks",
          "options": {
            "linkedTableId": "tbl273pmkdKl4Khj1",
            "isReversed": false,
            "prefersSingleRecordLink": false,
            "inverseLinkFieldId": "fldJdckC0kUdBqFyS"
          },
          "id": "fldp3kJcDgq7kLErz",
          "name": "All copy"
        }
      ],
      "views": [
        {
          "id": "viw64acuQKHmLiVcM",
          "name": "All campaigns",
          "type": "grid"
        },
        {
          "id": "viwIxDB1BzfeH6uc5",
          "name": "✔️ Next steps",
          "type": "grid"
        },
        {
          "id": "viwAgQTVMjnQRBNjk",
          "name": "Results at a glance",
          "type": "gallery"
        }
      ]
    },
    {
      "id": "tbl2dYOTFAzBLHXTr",
      "name": "All",
      "primaryFieldId": "fldY8dL1WwDtypOSc",
      "fields": [
        {
          "type": "singleLineText",
          "id": "fldY8dL1WwDtypOSc",
          "name": "Name"
        },
        {
          "type": "autoNumber",
          "id": "fldHfQDE4nbio5fMX",
          "name": "f_autoNumber"
        },
        {
          "type": "barcode",
          "id": "fldunITjAhRzl9FPS",
          "name": "f_barcode"
        },
        {
          "type": "button",
          "id": "fldWlg8wweREbVsLW",
          "name": "f_button"
        },
        {
          "type": "checkbox",
          "id": "fldv1t1tCm0igYOjo",
          "name": "f_checkbox"
        },
        {
          "type": "count",
          "id": "fldeIrvY3msU4gLP2",
          "name": "f_count"
        },
        {
          "type": "createdBy",
          "id": "fldUwCJ07pLvsysS8",
          "name": "f_createdBy"
        },
        {
          "type": "createdTime",
          "id": "fldSaG9q1h3urY18M",
          "name": "f_createdTime"
        },
        {
          "type": "currency",
          "id": "fldOGVHVThpiJDHtZ",
          "name": "f_currency"
        },
        {
          "type": "date",
          "id": "fldKdj6tYh195UdwV",
          "name": "f_date"
        },
        {
          "type": "dateTime",
          "id": "fldtppyB5tEZIMNuY",
          "name": "f_dateTime"
        },
        {
          "type": "duration",
          "id": "fldCx1qp5VRuXrFCm",
          "name": "f_duration"
        },
        {
          "type": "email",
          "id": "fldE7HaB2vir3yxCY",
          "name": "f_email"
        },
        {
          "type": "formula",
          "id": "fldT8nRxPBOAYcJD7",
          "name": "f_formula"
        },
        {
          "type": "lastModifiedBy",
          "id": "fldKqa3OlDrjwQo36",
          "name": "f_lastModifiedBy"
        },
        {
          "type": "lastModifiedTime",
          "id": "fldsNCKa6kZWCsfnD",
          "name": "f_lastModifiedTime"
        },
        {
          "type": "multilineText",
          "id": "fld10IVONir3kl9of",
          "name": "f_multilineText"
        },
        {
          "type": "multipleAttachments",
          "id": "fldLz7K2GWznfGAxw",
          "name": "f_multipleAttachments"
        },
        {
          "type": "multipleCollaborators",
          "id": "fldpeqVDxd4M1GlqM",
          "name": "f_multipleCollaborators"
        },
        {
          "type": "multipleLookupValues",
          "id": "fldr0uTGf9CulZWCs",
          "name": "f_multipleLookupValues"
        },
        {
          "type": "multipleRecordLinks",
          "options": {
            "linkedTableId": "tblyM3d3KYX1fBXpA",
            "isReversed": false,
            "prefersSingleRecordLink": false,
            "inverseLinkFieldId": "fldDkCD5VNAtn3whs"
          },
          "id": "fldXuueviR4zEIxoL",
          "name": "f_multipleRecordLinks"
        },
        {
          "type": "multipleSelects",
          "options": {
            "choices": [
              {
                "id": "selOKynE79J09d88j",
                "name": "Blue",
                "color": "cyanLight2"
              },
              {
                "id": "selnUHmtpvuMF0B0e",
                "name": "Green",
                "color": "tealLight2"
              },
              {
                "id": "selVphGxQcZZ66VYk",
                "name": "Red",
                "color": "blueLight2"
              }
            ]
          },
          "id": "fldHe7e1nqsloTnEu",
          "name": "f_multipleSelects"
        },
        {
          "type": "number",
          "id": "fldZ4SbJOAOKtBfQx",
          "name": "f_number"
        },
        {
          "type": "percent",
          "id": "fldOQn8gmsdSPRbCA",
          "name": "f_percent"
        },
        {
          "type": "phoneNumber",
          "id": "fld0MawcExfWmxzVv",
          "name": "f_phoneNumber"
        },
        {
          "type": "rating",
          "id": "flduXcitSIELy995e",
          "name": "f_rating"
        },
        {
          "type": "richText",
          "id": "fldQweOqvhP08d0FQ",
          "name": "f_richText"
        },
        {
          "type": "rollup",
          "id": "fldat1EdBLwAESHt6",
          "name": "f_rollup"
        },
        {
          "type": "singleCollaborator",
          "id": "fldoegdec5k5vax6Z",
          "name": "f_singleCollaborator"
        },
        {
          "type": "singleLineText",
          "id": "fldyQjptvPYQLuC3O",
          "name": "f_singleLineText"
        },
        {
          "type": "singleSelect",
          "options": {
            "choices": [
              {
                "id": "selxNliIiqgxjkXyc",
                "name": "Blue",
                "color": "cyanLight2"
              },
              {
                "id": "selxxPGoufRTTHPTx",
                "name": "Green",
                "color": "tealLight2"
              },
              {
                "id": "selU8OLbdRCakAVQQ",
                "name": "Red",
                "color": "blueLight2"
              }
            ]
          },
          "id": "fldJD38QMDEPoumuM",
          "name": "f_singleSelect"
        },
        {
          "type": "url",
          "id": "fld27b0jemF1gb9jk",
          "name": "f_url"
        }
      ],
      "views": [
        {
          "id": "viw0JWZy6z8zT7XAw",
          "name": "Grid view",
          "type": "grid"
        }
      ]
    },
    {
      "id": "tbl273pmkdKl4Khj1",
      "name": "Empty",
      "primaryFieldId": "fldKRVR8EZt7v7W2j",
      "fields": [
        {
          "type": "singleLineText",
          "id": "fldKRVR8EZt7v7W2j",
          "name": "Name"
        },
        {
          "type": "autoNumber",
          "id": "fldtYyJLMQ1WlNnW4",
          "name": "f_autoNumber"
        },
        {
          "type": "barcode",
          "id": "fldg6qZqiKHdiRNZZ",
          "name": "f_barcode"
        },
        {
          "type": "button",
          "id": "fldI4YeDeHHi8DAV3",
          "name": "f_button"
        },
        {
          "type": "checkbox",
          "id": "fldhKb7AkPQWdGWtv",
          "name": "f_checkbox"
        },
        {
          "type": "count",
          "id": "fld0r9B5LPiy1YTZ9",
          "name": "f_count"
        },
        {
          "type": "createdBy",
          "id": "fldGfkP7PSB9pgA2f",
          "name": "f_createdBy"
        },
        {
          "type": "createdTime",
          "id": "fldETofxJKT8oG9iT",
          "name": "f_createdTime"
        },
        {
          "type": "currency",
          "id": "fldApDN2BKfWGlPD6",
          "name": "f_currency"
        },
        {
          "type": "date",
          "id": "fldwW1cAGKRN2ClG2",
          "name": "f_date"
        },
        {
          "type": "dateTime",
          "id": "fldf87EINWuDFuVE5",
          "name": "f_dateTime"
        },
        {
          "type": "duration",
          "id": "fldogJwwNoH8U9NMt",
          "name": "f_duration"
        },
        {
          "type": "email",
          "id": "fldqQpgIKY850gFM5",
          "name": "f_email"
        },
        {
          "type": "formula",
          "id": "fldFR5XEx4EeVURNe",
          "name": "f_formula"
        },
        {
          "type": "lastModifiedBy",
          "id": "fldw9S9V36hXtywdd",
          "name": "f_lastModifiedBy"
        },
        {
          "type": "lastModifiedTime",
          "id": "fldewkQhONPAzanxK",
          "name": "f_lastModifiedTime"
        },
        {
          "type": "multilineText",
          "id": "fldNJq1VvLhHh3hym",
          "name": "f_multilineText"
        },
        {
          "type": "multipleAttachments",
          "id": "fldxiPQ9opp1coIHD",
          "name": "f_multipleAttachments"
        },
        {
          "type": "multipleCollaborators",
          "id": "fldbX81KfGUqYotAT",
          "name": "f_multipleCollaborators"
        },
        {
          "type": "multipleLookupValues",
          "id": "flddJcZNXCs8iH4Mz",
          "name": "f_multipleLookupValues"
        },
        {
          "type": "multipleRecordLinks",
          "options": {
            "linkedTableId": "tblyM3d3KYX1fBXpA",
            "isReversed": false,
            "prefersSingleRecordLink": false,
            "inverseLinkFieldId": "fldp3kJcDgq7kLErz"
          },
          "id": "fldJdckC0kUdBqFyS",
          "name": "f_multipleRecordLinks"
        },
        {
          "type": "multipleSelects",
          "options": {
            "choices": [
              {
                "id": "selOKynE79J09d88j",
                "name": "Blue",
                "color": "cyanLight2"
              },
              {
                "id": "selnUHmtpvuMF0B0e",
                "name": "Green",
                "color": "tealLight2"
              },
              {
                "id": "selVphGxQcZZ66VYk",
                "name": "Red",
                "color": "blueLight2"
              }
            ]
          },
          "id": "fldtXPk85TiZlBvOB",
          "name": "f_multipleSelects"
        },
        {
          "type": "number",
          "id": "fldLNAhQw3Eoqjn0E",
          "name": "f_number"
        },
        {
          "type": "percent",
          "id": "fldAz5en4V3wMzjMH",
          "name": "f_percent"
        },
        {
          "type": "phoneNumber",
          "id": "fldMvSCjm05AjfH5C",
          "name": "f_phoneNumber"
        },
        {
          "type": "rating",
          "id": "fldgGUoAAbupvRhfl",
          "name": "f_rating"
        },
        {
          "type": "richText",
          "id": "fldCfWUxdKFE5V8PX",
          "name": "f_richText"
        },
        {
          "type": "rollup",
          "id": "fldWcJKkjemeBAPDd",
          "name": "f_rollup"
        },
        {
          "type": "singleCollaborator",
          "id": "fldaXYjlUyaJsSFg6",
          "name": "f_singleCollaborator"
        },
        {
          "type": "singleLineText",
          "id": "fldkz1vAdiOuIcKdV",
          "name": "f_singleLineText"
        },
        {
          "type": "singleSelect",
          "options": {
            "choices": [
              {
                "id": "selxNliIiqgxjkXyc",
                "name": "Blue",
                "color": "cyanLight2"
              },
              {
                "id": "selxxPGoufRTTHPTx",
                "name": "Green",
                "color": "tealLight2"
              },
              {
                "id": "selU8OLbdRCakAVQQ",
                "name": "Red",
                "color": "blueLight2"
              }
            ]
          },
          "id": "fldvmLeXu6utlcuET",
          "name": "f_singleSelect"
        },
        {
          "type": "url",
          "id": "fldOQT6qWPvFdThtr",
          "name": "f_url"
        }
      ],
      "views": [
        {
          "id": "viwMsE5FO2YdQP5KD",
          "name": "Grid view",
          "type": "grid"
        }
      ]
    }
  ]
}
""""";

    /// <summary>error-401-AUTHENTICATION_REQUIRED.grouparoo.json</summary>
    public const string Error401AuthenticationRequired = """""
{
  "error": {
    "type": "AUTHENTICATION_REQUIRED",
    "message": "Authentication required"
  }
}
""""";

    /// <summary>error-404-TABLE_NOT_FOUND.grouparoo.json</summary>
    public const string Error404TableNotFound = """""
{
  "error": {
    "type": "TABLE_NOT_FOUND",
    "message": "Could not find table Unknown Table in application app21Qak1T4cGoiP7"
  }
}
""""";

    /// <summary>error-404-MODEL_ID_NOT_FOUND.grouparoo.json</summary>
    public const string Error404ModelIdNotFound = """""
{
  "error": {
    "type": "MODEL_ID_NOT_FOUND",
    "message": "Record not found"
  }
}
""""";

    /// <summary>error-404-meta-tables-NOT_FOUND-no-schema-scope.grouparoo.json</summary>
    public const string Error404NoSchemaScope = """""
{
  "error": {
    "type": "NOT_FOUND"
  }
}
""""";

    /// <summary>error-404-meta-tables-junk-base-string-error.grouparoo.json</summary>
    public const string Error404StringQuirk = """""
{
  "error": "NOT_FOUND"
}
""""";

    /// <summary>error-422-INVALID_VALUE_FOR_COLUMN.grouparoo.json</summary>
    public const string Error422InvalidValueForColumn = """""
{
  "error": {
    "type": "INVALID_VALUE_FOR_COLUMN",
    "message": "Field \"f_autoNumber\" cannot accept a value because the field is computed"
  }
}
""""";

    /// <summary>error-422-UNKNOWN_FIELD_NAME.pyairtable.json</summary>
    public const string Error422UnknownFieldName = """""
{
  "error": {
    "type": "UNKNOWN_FIELD_NAME",
    "message": "Could not find a field named NON_EXISTING"
  }
}
""""";
}
