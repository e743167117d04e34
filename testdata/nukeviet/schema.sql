-- NukeViet 4.5's tables as NukeViet itself creates them, for the tests of
-- `trangtin import nukeviet` (internal/importer/nvfixture loads this file
-- into a throwaway MariaDB, replacing the prefix nv4 when asked).
-- Copied, with the PHP variables written out for the prefix "nv4" and the
-- language "vi", from:
--   nukeviet/nukeviet modules/users/action_mysql.php (nv4_users)
--   nukeviet/nukeviet install/action_mysql.php (nv4_authors)
--   nukeviet/nukeviet src/modules/news/action_mysql.php at 1b042d2 (4.5: MyISAM, instant_* columns)
--   nukeviet/nukeviet src/modules/page/action_mysql.php
--   nukeviet/module-laws modules/laws/action_mysql.php
--   nukeviet/module-faq modules/faq/action_mysql.php
-- Statements end with ";" at the end of a line.

CREATE TABLE nv4_users (
    userid mediumint(8) unsigned NOT NULL AUTO_INCREMENT,
    group_id smallint(5) unsigned NOT NULL DEFAULT '0',
    username varchar(100) NOT NULL DEFAULT '',
    md5username char(32) NOT NULL DEFAULT '',
    password varchar(150) NOT NULL DEFAULT '',
    email varchar(100) NOT NULL DEFAULT '',
    first_name varchar(100) NOT NULL DEFAULT '',
    last_name varchar(100) NOT NULL DEFAULT '',
    gender char(1) DEFAULT '',
    photo varchar(255) DEFAULT '',
    birthday int(11) NOT NULL,
    sig text,
    regdate int(11) NOT NULL DEFAULT '0',
    question varchar(255) NOT NULL,
    answer varchar(255) NOT NULL DEFAULT '',
    passlostkey varchar(50) DEFAULT '',
    view_mail tinyint(1) unsigned NOT NULL DEFAULT '0',
    remember tinyint(1) unsigned NOT NULL DEFAULT '0',
    in_groups varchar(255) DEFAULT '',
    active tinyint(1) unsigned NOT NULL DEFAULT '0',
    active2step tinyint(1) unsigned NOT NULL DEFAULT '0',
    secretkey varchar(20) DEFAULT '',
    checknum varchar(40) DEFAULT '',
    last_login int(11) unsigned NOT NULL DEFAULT '0',
    last_ip varchar(45) DEFAULT '',
    last_agent varchar(255) DEFAULT '',
    last_openid varchar(255) DEFAULT '',
    last_update int(11) unsigned NOT NULL DEFAULT '0' COMMENT 'Thời điểm cập nhật thông tin lần cuối',
    idsite int(11) NOT NULL DEFAULT '0',
    safemode tinyint(1) unsigned NOT NULL DEFAULT '0',
    safekey varchar(40) DEFAULT '',
    email_verification_time INT(11) NOT NULL DEFAULT '-1' COMMENT '-3: Tài khoản sys, -2: Admin kích hoạt, -1 không cần kích hoạt, 0: Chưa xác minh, > 0 thời gian xác minh',
    active_obj varchar(50) NOT NULL DEFAULT 'SYSTEM' COMMENT 'SYSTEM, EMAIL, OAUTH:xxxx, quản trị kích hoạt thì lưu userid',
    PRIMARY KEY (userid),
    UNIQUE KEY username (username),
    UNIQUE KEY md5username (md5username),
    UNIQUE KEY email (email),
    KEY idsite (idsite)
) ENGINE=MyISAM;

CREATE TABLE nv4_authors (
  admin_id int(11) unsigned NOT NULL,
  editor varchar(100) DEFAULT '',
  lev tinyint(1) unsigned NOT NULL DEFAULT '0',
  files_level varchar(255) DEFAULT '',
  position varchar(255) NOT NULL,
  main_module varchar(50) NOT NULL DEFAULT 'siteinfo',
  admin_theme varchar(100) NOT NULL DEFAULT '',
  addtime int(11) NOT NULL DEFAULT '0',
  edittime int(11) NOT NULL DEFAULT '0',
  is_suspend tinyint(1) unsigned NOT NULL DEFAULT '0',
  susp_reason text,
  pre_check_num varchar(40) NOT NULL DEFAULT '',
  pre_last_login int(11) unsigned NOT NULL DEFAULT '0',
  pre_last_ip varchar(45) DEFAULT '',
  pre_last_agent varchar(255) DEFAULT '',
  check_num varchar(40) NOT NULL DEFAULT '',
  last_login int(11) unsigned NOT NULL DEFAULT '0',
  last_ip varchar(45) DEFAULT '',
  last_agent varchar(255) DEFAULT '',
  PRIMARY KEY (admin_id)
) ENGINE=MyISAM;

CREATE TABLE nv4_vi_news_cat (
      catid smallint(5) unsigned NOT NULL AUTO_INCREMENT,
      parentid smallint(5) unsigned NOT NULL DEFAULT '0',
      title varchar(250) NOT NULL,
      titlesite varchar(250) DEFAULT '',
      alias varchar(250) NOT NULL DEFAULT '',
      description text,
      descriptionhtml text,
      image varchar(255) DEFAULT '',
      viewdescription tinyint(2) NOT NULL DEFAULT '0',
      weight smallint(5) unsigned NOT NULL DEFAULT '0',
      sort smallint(5) NOT NULL DEFAULT '0',
      lev smallint(5) NOT NULL DEFAULT '0',
      viewcat varchar(50) NOT NULL DEFAULT 'viewcat_page_new',
      numsubcat smallint(5) NOT NULL DEFAULT '0',
      subcatid varchar(255) DEFAULT '',
      numlinks tinyint(2) unsigned NOT NULL DEFAULT '3',
      newday tinyint(2) unsigned NOT NULL DEFAULT '2',
      featured int(11) NOT NULL DEFAULT '0',
      ad_block_cat varchar(255) NOT NULL DEFAULT '',
      keywords text,
      admins text,
      add_time int(11) unsigned NOT NULL DEFAULT '0',
      edit_time int(11) unsigned NOT NULL DEFAULT '0',
      groups_view varchar(255) DEFAULT '',
      status smallint(4) NOT NULL DEFAULT '1',
      PRIMARY KEY (catid),
      UNIQUE KEY alias (alias),
      KEY parentid (parentid),
      KEY status (status)
    ) ENGINE=MyISAM;

CREATE TABLE nv4_vi_news_sources (
     sourceid mediumint(8) unsigned NOT NULL AUTO_INCREMENT,
     title varchar(250) NOT NULL DEFAULT '',
     link varchar(255) DEFAULT '',
     logo varchar(255) DEFAULT '',
     weight mediumint(8) unsigned NOT NULL DEFAULT '0',
     add_time int(11) unsigned NOT NULL,
     edit_time int(11) unsigned NOT NULL,
     PRIMARY KEY (sourceid),
     UNIQUE KEY title (title)
    ) ENGINE=MyISAM;

CREATE TABLE nv4_vi_news_block_cat (
     bid smallint(5) unsigned NOT NULL AUTO_INCREMENT,
     adddefault tinyint(4) NOT NULL DEFAULT '0',
     numbers smallint(5) NOT NULL DEFAULT '10',
     title varchar(250) NOT NULL DEFAULT '',
     alias varchar(250) NOT NULL DEFAULT '',
     image varchar(255) DEFAULT '',
     description varchar(255) DEFAULT '',
     weight smallint(5) NOT NULL DEFAULT '0',
     keywords text,
     add_time int(11) NOT NULL DEFAULT '0',
     edit_time int(11) NOT NULL DEFAULT '0',
     PRIMARY KEY (bid),
     UNIQUE KEY title (title),
     UNIQUE KEY alias (alias)
    ) ENGINE=MyISAM;

CREATE TABLE nv4_vi_news_block (
     bid smallint(5) unsigned NOT NULL,
     id int(11) unsigned NOT NULL,
     weight int(11) unsigned NOT NULL,
     UNIQUE KEY bid (bid,id)
    ) ENGINE=MyISAM;

CREATE TABLE nv4_vi_news_rows (
     id int(11) unsigned NOT NULL auto_increment,
     catid smallint(5) unsigned NOT NULL default '0',
     listcatid varchar(255) NOT NULL default '',
     topicid smallint(5) unsigned NOT NULL default '0',
     admin_id mediumint(8) unsigned NOT NULL default '0',
     author varchar(250) default '',
     sourceid mediumint(8) NOT NULL default '0',
     addtime int(11) unsigned NOT NULL default '0',
     edittime int(11) unsigned NOT NULL default '0',
     status tinyint(4) NOT NULL default '1',
     weight int(11) unsigned NOT NULL default '0',
     publtime int(11) unsigned NOT NULL default '0',
     exptime int(11) unsigned NOT NULL default '0',
     archive tinyint(1) unsigned NOT NULL default '0',
     title varchar(250) NOT NULL default '',
     alias varchar(250) NOT NULL default '',
     hometext text NOT NULL,
     homeimgfile varchar(255) default '',
     homeimgalt varchar(255) default '',
     homeimgthumb tinyint(4) NOT NULL default '0',
     inhome tinyint(1) unsigned NOT NULL default '0',
     allowed_comm varchar(255) default '',
     allowed_rating tinyint(1) unsigned NOT NULL default '0',
     external_link tinyint(1) unsigned NOT NULL default '0',
     hitstotal mediumint(8) unsigned NOT NULL default '0',
     hitscm mediumint(8) unsigned NOT NULL default '0',
     total_rating int(11) NOT NULL default '0',
     click_rating int(11) NOT NULL default '0',
     instant_active tinyint(1) NOT NULL default '0',
     instant_template varchar(100) NOT NULL default '',
     instant_creatauto tinyint(1) NOT NULL default '0',
     PRIMARY KEY (id),
     KEY catid (catid),
     KEY topicid (topicid),
     KEY admin_id (admin_id),
     KEY author (author),
     KEY title (title),
     KEY addtime (addtime),
     KEY edittime (edittime),
     KEY publtime (publtime),
     KEY exptime (exptime),
     KEY status (status),
     KEY instant_active (instant_active),
     KEY instant_creatauto (instant_creatauto)
    ) ENGINE=MyISAM;

CREATE TABLE nv4_vi_news_detail (
     id int(11) unsigned NOT NULL,
     titlesite varchar(255) NOT NULL DEFAULT '',
     description text NOT NULL,
     bodyhtml longtext NOT NULL,
     keywords varchar(255) default '',
     sourcetext varchar(255) default '',
     files TEXT NULL,
     imgposition tinyint(1) NOT NULL default '1',
     layout_func varchar(100) DEFAULT '',
     copyright tinyint(1) NOT NULL default '0',
     allowed_send tinyint(1) NOT NULL default '0',
     allowed_print tinyint(1) NOT NULL default '0',
     allowed_save tinyint(1) NOT NULL default '0',
     PRIMARY KEY (id)
    ) ENGINE=MyISAM;

CREATE TABLE nv4_vi_page (
 id mediumint(8) unsigned NOT NULL AUTO_INCREMENT,
 title varchar(250) NOT NULL,
 alias varchar(250) NOT NULL,
 image varchar(255) DEFAULT '',
 imagealt varchar(255) DEFAULT '',
 imageposition tinyint(1) UNSIGNED NOT NULL DEFAULT '0',
 description text,
 bodytext mediumtext NOT NULL,
 keywords text,
 socialbutton tinyint(4) NOT NULL DEFAULT '0',
 activecomm varchar(255) DEFAULT '',
 layout_func varchar(100) DEFAULT '',
 weight smallint(4) NOT NULL DEFAULT '0',
 admin_id mediumint(8) unsigned NOT NULL DEFAULT '0',
 add_time int(11) NOT NULL DEFAULT '0',
 edit_time int(11) NOT NULL DEFAULT '0',
 status tinyint(1) unsigned NOT NULL DEFAULT '0',
 hitstotal MEDIUMINT(8) UNSIGNED NOT NULL DEFAULT '0',
 hot_post TINYINT(1) UNSIGNED NOT NULL DEFAULT '0',
 PRIMARY KEY (id),
 UNIQUE KEY alias (alias)
) ENGINE=MyISAM;

CREATE TABLE nv4_vi_laws_area(
  id smallint(4) unsigned NOT NULL AUTO_INCREMENT,
  parentid smallint(4) unsigned NOT NULL DEFAULT '0',
  alias varchar(249) NOT NULL,
  title varchar(249) NOT NULL,
  introduction mediumtext NOT NULL,
  keywords varchar(255) NOT NULL,
  addtime int(11) unsigned NOT NULL DEFAULT '0',
  weight smallint(4) unsigned NOT NULL DEFAULT '0',
  sort smallint(5) unsigned NOT NULL DEFAULT '1' COMMENT 'Thứ tự tổng thể',
  lev tinyint(1) unsigned NOT NULL DEFAULT '0' COMMENT 'Cấp bậc',
  numsubcat tinyint(1) unsigned NOT NULL DEFAULT '0' COMMENT 'Số lĩnh vực con',
  subcatid varchar(255) NOT NULL DEFAULT '' COMMENT 'Danh sách ID lĩnh vực con, phân cách bởi dấu phảy',
  PRIMARY KEY (id),
  UNIQUE KEY alias (alias,parentid),
  KEY weight (weight),
  KEY sort (sort)
) ENGINE=MyISAM;

CREATE TABLE nv4_vi_laws_cat(
  id smallint(4) unsigned NOT NULL AUTO_INCREMENT,
  parentid smallint(4) unsigned NOT NULL DEFAULT '0',
  alias varchar(249) NOT NULL,
  title varchar(249) NOT NULL,
  introduction mediumtext NOT NULL,
  keywords varchar(255) NOT NULL,
  newday tinyint(2) unsigned NOT NULL DEFAULT '5',
  addtime int(11) unsigned NOT NULL DEFAULT '0',
  weight smallint(4) unsigned NOT NULL DEFAULT '0',
  PRIMARY KEY (id),
  UNIQUE KEY alias (alias,parentid),
  KEY weight (weight)
) ENGINE=MyISAM;

CREATE TABLE nv4_vi_laws_subject(
  id smallint(4) unsigned NOT NULL AUTO_INCREMENT,
  alias varchar(250) NOT NULL,
  title varchar(250) NOT NULL,
  introduction mediumtext NOT NULL,
  keywords varchar(255) NOT NULL,
  numcount int(10) NOT NULL DEFAULT '0',
  numlink tinyint(2) NOT NULL DEFAULT '5',
  addtime int(11) unsigned NOT NULL DEFAULT '0',
  weight smallint(4) unsigned NOT NULL DEFAULT '0',
  PRIMARY KEY (id),
  UNIQUE KEY alias (alias),
  KEY weight (weight)
) ENGINE=MyISAM;

CREATE TABLE nv4_vi_laws_row(
  id int(10) NOT NULL AUTO_INCREMENT,
  replacement varchar(255) NOT NULL DEFAULT '',
  relatement varchar(255) NOT NULL DEFAULT '',
  title varchar(255) NOT NULL,
  alias varchar(255) NOT NULL,
  code varchar(50) NOT NULL,
  cid smallint(4) unsigned NOT NULL DEFAULT '0',
  sid smallint(4) unsigned NOT NULL DEFAULT '0',
  eid smallint(4) unsigned NOT NULL DEFAULT '0',
  sgid smallint(4) unsigned NOT NULL DEFAULT '0',
  note text NOT NULL,
  introtext text NOT NULL,
  bodytext text NOT NULL,
  keywords varchar(255) NOT NULL,
  groups_view varchar(255) NOT NULL,
  groups_download varchar(255) NOT NULL,
  files mediumtext NOT NULL,
  status tinyint(1) NOT NULL,
  approval tinyint(1) NOT NULL,
  addtime int(11) NOT NULL,
  edittime int(11) NOT NULL,
  publtime int(11) NOT NULL DEFAULT '0',
  start_comm_time int(11) NULL,
  end_comm_time int(11) NULL,
  startvalid int(11) NOT NULL DEFAULT '0',
  exptime int(11) NOT NULL DEFAULT '0',
  view_hits mediumint(8) unsigned NOT NULL DEFAULT '0',
  download_hits mediumint(8) unsigned NOT NULL DEFAULT '0',
  admin_add mediumint(8) unsigned NOT NULL DEFAULT '0',
  admin_edit mediumint(8) unsigned NOT NULL DEFAULT '0',
  PRIMARY KEY (id)
) ENGINE=MyISAM;

CREATE TABLE nv4_vi_laws_row_area (
    row_id INT(10) UNSIGNED NOT NULL ,
    area_id SMALLINT(4) UNSIGNED NOT NULL,
    UNIQUE KEY alias (row_id, area_id)
) ENGINE = MyISAM;

CREATE TABLE nv4_vi_laws_signer(
  id smallint(4) unsigned NOT NULL AUTO_INCREMENT,
  title varchar(255) NOT NULL,
  offices varchar(255) NOT NULL DEFAULT '',
  positions varchar(255) NOT NULL DEFAULT '',
  addtime int(11) unsigned NOT NULL DEFAULT '0',
  PRIMARY KEY (id)
) ENGINE=MyISAM;

CREATE TABLE nv4_vi_laws_set_replace (
  id mediumint(8) unsigned NOT NULL AUTO_INCREMENT,
  oid mediumint(8) unsigned NOT NULL DEFAULT '0',
  nid mediumint(8) unsigned NOT NULL DEFAULT '0',
  PRIMARY KEY (id)
) ENGINE=MyISAM;

CREATE TABLE nv4_vi_laws_examine(
  id smallint(4) unsigned NOT NULL AUTO_INCREMENT,
  title varchar(250) NOT NULL,
  weight smallint(4) unsigned NOT NULL DEFAULT '0',
  PRIMARY KEY (id)
) ENGINE=MyISAM;

CREATE TABLE IF NOT EXISTS nv4_vi_faq (
	`id` MEDIUMINT(8) UNSIGNED NOT NULL AUTO_INCREMENT,
	`catid` MEDIUMINT(8) UNSIGNED NOT NULL,
	`title` VARCHAR(250) NOT NULL,
	`alias` VARCHAR(250) NOT NULL,
	`question` MEDIUMTEXT NOT NULL,
	`answer` MEDIUMTEXT NOT NULL,
	`weight` SMALLINT(4) UNSIGNED NOT NULL DEFAULT '0',
	`status` TINYINT(1) UNSIGNED NOT NULL DEFAULT '0',
	`addtime` INT(11) UNSIGNED NOT NULL DEFAULT '0',
	PRIMARY KEY (`id`),
	UNIQUE INDEX `alias` (`alias`(191)),
	INDEX `catid` (`catid`)
);

CREATE TABLE IF NOT EXISTS nv4_vi_faq_categories (
	`id` MEDIUMINT(8) UNSIGNED NOT NULL AUTO_INCREMENT,
	`parentid` MEDIUMINT(8) UNSIGNED NOT NULL,
	`title` VARCHAR(250) NOT NULL,
	`alias` VARCHAR(250) NOT NULL,
	`description` MEDIUMTEXT NOT NULL,
	`groups_view` VARCHAR(255) NOT NULL,
	`weight` SMALLINT(4) UNSIGNED NOT NULL DEFAULT '0',
	`status` TINYINT(1) UNSIGNED NOT NULL DEFAULT '0',
	`keywords` MEDIUMTEXT NOT NULL,
	PRIMARY KEY (`id`),
	UNIQUE INDEX `alias` (`alias`(191))
);
